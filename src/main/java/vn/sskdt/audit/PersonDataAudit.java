package vn.sskdt.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import vn.sskdt.config.FhirServerInterceptor;
import vn.sskdt.security.AccessRules;
import vn.sskdt.security.Caller;
import vn.sskdt.security.CommuneScope;

/**
 * An AuditEvent for every read, search and write through the FHIR API, in the IHE Basic Audit Log
 * Patterns shape (HAPI's BALP interceptor does the capture), plus what BALP does not record: the
 * caller's role, station staff's lookups of residents of other communes, and refused attempts.
 * Events name the Patient they concern, so a citizen can list who looked at their health book.
 */
@Component
@Interceptor(order = PersonDataAudit.ORDER)
public class PersonDataAudit extends BalpAuditCaptureInterceptor implements FhirServerInterceptor {

	/** after authorization and consent: what is audited is what was really shown or written */
	public static final int ORDER = AccessRules.ORDER + 100;

	public static final String ROLE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-access-role";
	public static final String BALP_PATTERN = "https://profiles.ihe.net/ITI/BALP";
	public static final String RESOURCE_SYSTEM = "https://sskdt.vn/fhir/sid/resource";
	public static final String SUBTYPE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-audit-subtype";
	/** Vietnam Social Security's facility code (mã cơ sở KCB), as station tokens carry it. */
	public static final String FACILITY_SYSTEM = "http://fhir.hl7.org.vn/core/sid/ma-cskcb";

	private final AuditEventStore store;
	private final AuditContext context;
	private final PatientListAudit lists;

	PersonDataAudit(AuditEventStore store, AuditContext context, PatientListAudit lists) {
		super(event -> store.recordAuditEvent(withCallerDetails(event)), context);
		this.store = store;
		this.context = context;
		this.lists = lists;
	}

	/**
	 * {@code Patient/{id}/$everything} is HAPI's operation, answered from storage: BALP audits what
	 * storage shows to reads and searches, not to operations, so its first page (the later pages are
	 * searches, audited) would open a whole book without a trace. Our own operations audit themselves
	 * (PatientListAudit).
	 */
	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	void everythingShown(IPreResourceShowDetails shown, RequestDetails request) {
		if (!EVERYTHING.equals(request.getOperation())) {
			return;
		}
		Set<String> people = new LinkedHashSet<>();
		if (request.getId() != null && request.getId().hasIdPart()) {
			people.add(request.getId().getIdPart());
		} else { // Patient/$everything: the people whose records this page shows
			shown.getAllResources().stream().filter(Patient.class::isInstance)
					.forEach(patient -> people.add(patient.getIdElement().getIdPart()));
		}
		lists.listed(request, EVERYTHING, List.copyOf(people));
	}

	private static final String EVERYTHING = "$everything";

	/** Refused requests leave a trace too: who tried what, and that it was refused. */
	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	boolean refused(RequestDetails request, BaseServerResponseException exception) {
		if (!(exception instanceof ForbiddenOperationException || exception instanceof AuthenticationException)) {
			return true;
		}
		RestOperationTypeEnum operation = request.getRestOperationType();
		AuditEvent event = context.restEvent(request, operation == null ? null : operation.getCode(), action(operation),
				AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc("HTTP " + exception.getStatusCode() + " refused");
		if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
			String target = request.getResourceName() + "/" + request.getId().getIdPart();
			AuditEvent.AuditEventEntityComponent entity = event.addEntity();
			entity.getWhat().setReference(target);
			if ("Patient".equals(request.getResourceName())) {
				entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT);
			}
			if (request.getOperation() != null) {
				entity.setDescription(request.getOperation()); // e.g. $summary: what was refused, for the access log
			}
		}
		store.recordAuditEvent(withCallerDetails(event));
		return true;
	}

	private static AuditEvent.AuditEventAction action(RestOperationTypeEnum operation) {
		if (operation == null) {
			return AuditEvent.AuditEventAction.E;
		}
		return switch (operation) {
			case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> AuditEvent.AuditEventAction.R;
			case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> AuditEvent.AuditEventAction.E;
			case CREATE -> AuditEvent.AuditEventAction.C;
			case UPDATE, PATCH -> AuditEvent.AuditEventAction.U;
			case DELETE -> AuditEvent.AuditEventAction.D;
			default -> AuditEvent.AuditEventAction.E;
		};
	}

	/**
	 * Adds the acting role to the requesting agent and marks cross-commune lookups. The accessed
	 * resources are named by identifier, not by reference: a reference would make HAPI refuse to delete
	 * or correct anything ever audited. Only the Patient concerned stays a reference, so that
	 * {@code AuditEvent?patient=} and the citizen's compartment find the event.
	 */
	static AuditEvent withCallerDetails(AuditEvent event) {
		// The BALP profiles are not in any package reachable offline, so our validator could not check the
		// claim and would refuse an administrator's correction of the event: the pattern is kept as a tag.
		for (org.hl7.fhir.r4.model.CanonicalType profile : List.copyOf(event.getMeta().getProfile())) {
			String url = profile.getValue();
			event.getMeta().addTag(BALP_PATTERN, url.substring(url.lastIndexOf('/') + 1), url);
		}
		event.getMeta().getProfile().clear();
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			boolean patientEntity = BalpConstants.CS_OBJECT_ROLE_1_PATIENT.equals(entity.getRole().getCode());
			if (!patientEntity && entity.getWhat().hasReference()) {
				String accessed = entity.getWhat().getReference();
				entity.getWhat().setReference(null).setDisplay(accessed)
						.getIdentifier().setSystem(RESOURCE_SYSTEM).setValue(accessed);
			}
		}
		Caller.current().flatMap(Caller::role).ifPresent(role -> event.getAgent().stream()
				.filter(AuditEvent.AuditEventAgentComponent::getRequestor)
				.forEach(agent -> agent.addRole().addCoding(new Coding(ROLE_SYSTEM, role.claimValue(), null))));
		// the facility acting, as its own agent: the citizen's access log names the station from it
		Caller.current().map(Caller::facility).filter(facility -> !facility.isEmpty())
				.ifPresent(facility -> event.addAgent().setRequestor(false)
						.setWho(new Reference().setIdentifier(new Identifier().setSystem(FACILITY_SYSTEM).setValue(facility))));
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null
				&& Boolean.TRUE.equals(attributes.getAttribute(CommuneScope.CROSS_COMMUNE_LOOKUP, RequestAttributes.SCOPE_REQUEST))) {
			event.addSubtype(new Coding(SUBTYPE_SYSTEM, "cross-commune-lookup",
					"Tra cứu người dân xã khác theo số định danh / Lookup of another commune's resident by personal ID"));
		}
		return event;
	}
}
