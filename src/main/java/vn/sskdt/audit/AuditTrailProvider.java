package vn.sskdt.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.interceptor.ServerInterceptorUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirOperationProvider;
import vn.sskdt.config.FhirProperties;
import vn.sskdt.security.Caller;
import vn.sskdt.security.Role;

/**
 * The audit trail through the FHIR API: {@code AuditEvent} read, search, and an administrator's create
 * or correction, served from the compact {@link AuditTrail} table instead of HAPI's resource storage.
 * Who may do what is decided before these methods by the access rules (citizens: their own books'
 * trail; administrators and auditing systems: all of it; only administrators write).
 *
 * <p>Searchable by what the trail is used for: {@code patient} (a person's trail), {@code date},
 * {@code action}, {@code outcome}, {@code agent-role} (the role of the requesting user) and
 * {@code subtype} (e.g. cross-commune-lookup); sorted by {@code date} only, newest first unless
 * {@code _sort=date}. Any other parameter is refused with 400.
 */
@Component
public class AuditTrailProvider implements IResourceProvider, FhirOperationProvider {

	private final AuditTrail trail;
	private final FhirValidator validator;
	private final FhirProperties properties;
	private final AuditEventStore store;
	private final AuditContext context;

	AuditTrailProvider(AuditTrail trail, FhirValidator profileValidator, FhirProperties properties,
			AuditEventStore store, AuditContext context) {
		this.trail = trail;
		this.validator = profileValidator;
		this.properties = properties;
		this.store = store;
		this.context = context;
	}

	@Override
	public Class<AuditEvent> getResourceType() {
		return AuditEvent.class;
	}

	@Read
	public AuditEvent read(@IdParam IdType id, RequestDetails request) {
		AuditEvent event = trail.read(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
		return (AuditEvent) shown(List.of(event), request).stream().findFirst()
				.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public IBundleProvider search(
			@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
			@OptionalParam(name = AuditEvent.SP_ACTION) TokenOrListParam action,
			@OptionalParam(name = AuditEvent.SP_OUTCOME) TokenOrListParam outcome,
			@OptionalParam(name = AuditEvent.SP_AGENT_ROLE) TokenParam agentRole,
			@OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
			@Sort SortSpec sort,
			@Offset Integer offset,
			@Count Integer count,
			RequestDetails request) {
		String patientId = null;
		if (patient != null) {
			if (patient.getResourceType() != null && !"Patient".equals(patient.getResourceType())) {
				throw new InvalidRequestException("patient phải là Patient/{id} / patient must be Patient/{id}");
			}
			patientId = patient.getIdPart();
		}
		String role = null;
		if (agentRole != null) {
			if (agentRole.getSystem() != null && !PersonDataAudit.ROLE_SYSTEM.equals(agentRole.getSystem())) {
				return new SimpleBundleProvider(); // roles are recorded in our role code system only
			}
			role = agentRole.getValue();
		}
		AuditTrail.Query query = new AuditTrail.Query(patientId,
				date == null ? null : instant(date.getLowerBoundAsInstant()),
				date == null ? null : instant(date.getUpperBoundAsInstant()),
				codes(action), codes(outcome), role,
				subtype == null ? null : (subtype.getSystem() == null ? subtype.getValue() : subtype.getSystem() + "|" + subtype.getValue()),
				newestFirst(sort));
		int first = offset == null ? 0 : Math.max(0, offset);
		int size = count == null ? properties.defaultPageSize() : Math.min(Math.max(count, 1), properties.maxPageSize());
		List<AuditEvent> page = trail.search(query, first, size);
		// offset paging: the next page is searched again (the trail only grows, at its new end)
		SimpleBundleProvider answer = new SimpleBundleProvider(shown(page, request));
		answer.setCurrentPageOffset(first);
		answer.setCurrentPageSize(size);
		answer.setSize(page.size() < size ? first + page.size() : trail.count(query));
		return answer;
	}

	@Create
	public MethodOutcome create(@ResourceParam AuditEvent event, RequestDetails request) {
		checkValid(event, request);
		event.setIdElement(null);
		trail.add(List.of(event));
		AuditEvent stored = trail.read(event.getIdElement().getIdPart()).orElseThrow();
		auditCorrection(request, stored, "create", AuditEvent.AuditEventAction.C);
		return new MethodOutcome(stored.getIdElement(), true).setResource(stored);
	}

	@Update
	public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event, RequestDetails request) {
		checkValid(event, request);
		AuditEvent stored = trail.replace(id.getIdPart(), event).orElseThrow(() -> new ResourceNotFoundException(id));
		auditCorrection(request, stored, "update", AuditEvent.AuditEventAction.U);
		return new MethodOutcome(stored.getIdElement(), false).setResource(stored);
	}

	/** An event written by hand is held to the base specification, as HAPI's storage would. */
	private void checkValid(AuditEvent event, RequestDetails request) {
		ValidationResult result = validator.validateWithResult(event);
		boolean failed = result.getMessages().stream().anyMatch(m ->
				m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL);
		if (failed) {
			throw new UnprocessableEntityException(request.getFhirContext(), result.toOperationOutcome());
		}
	}

	/** Writing the trail is itself in the trail, and in the trail of each person the event concerns. */
	private void auditCorrection(RequestDetails request, AuditEvent written, String interaction, AuditEvent.AuditEventAction action) {
		AuditEvent event = context.restEvent(request, interaction, action, AuditEvent.AuditEventOutcome._0);
		String what = "AuditEvent/" + written.getIdElement().getIdPart();
		event.addEntity().getWhat().setDisplay(what).getIdentifier().setSystem(PersonDataAudit.RESOURCE_SYSTEM).setValue(what);
		AuditTrail.patients(written).forEach(patientId -> AuditContext.concerns(event, patientId));
		store.recordAuditEvent(PersonDataAudit.withCallerDetails(event));
	}

	/**
	 * HAPI's storage announces what it is about to show (STORAGE_PRESHOW_RESOURCES) and a plain
	 * provider must do so itself: the trail's readers are then audited as before (BALP), and the access
	 * rules and consent decisions apply to these resources as to stored ones.
	 */
	private static List<IBaseResource> shown(List<AuditEvent> events, RequestDetails request) {
		boolean citizen = Caller.current().filter(caller -> caller.is(Role.CITIZEN)).isPresent();
		List<IBaseResource> shown = new ArrayList<>(citizen
				? events.stream().map(AuditTrailProvider::withoutSearchTerms).toList()
				: events);
		return ServerInterceptorUtil.fireStoragePreshowResource(shown, request, request.getServer().getInterceptorService());
	}

	/**
	 * A citizen sees that someone searched and found their record, not what was searched for: the search
	 * terms of another's request can name other people (several personal IDs, a name). Kept for auditors.
	 */
	private static AuditEvent withoutSearchTerms(AuditEvent event) {
		AuditEvent copy = event.copy();
		for (AuditEvent.AuditEventEntityComponent entity : copy.getEntity()) {
			entity.setQuery(null);
			if (entity.hasDescription()) {
				entity.setDescription(withoutQueryString(entity.getDescription()));
			}
			if (entity.hasWhat() && entity.getWhat().hasDisplay()) {
				entity.getWhat().setDisplay(withoutQueryString(entity.getWhat().getDisplay()));
			}
		}
		return copy;
	}

	private static String withoutQueryString(String text) {
		int query = text.indexOf('?');
		return query < 0 ? text : text.substring(0, query);
	}

	private static boolean newestFirst(SortSpec sort) {
		if (sort == null) {
			return true;
		}
		if (!AuditEvent.SP_DATE.equals(sort.getParamName()) || sort.getChain() != null) {
			throw new InvalidRequestException(
					"Nhật ký truy cập chỉ sắp xếp theo date / The audit trail is sorted by date only");
		}
		return sort.getOrder() == SortOrderEnum.DESC;
	}

	private static Set<String> codes(TokenOrListParam tokens) {
		Set<String> codes = new LinkedHashSet<>();
		if (tokens != null) {
			tokens.getValuesAsQueryTokens().forEach(token -> codes.add(token.getValue()));
		}
		return codes;
	}

	private static java.time.Instant instant(java.util.Date date) {
		return date == null ? null : date.toInstant();
	}
}
