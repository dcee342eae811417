package vn.sskdt.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;
import vn.sskdt.profiles.ResidentAddress;

/**
 * Station staff work on the residents of their own commune: they see only those residents' records
 * (others are silently left out of search results and answer 404 on read, so nothing tells them who
 * lives elsewhere), and every record they write must belong to a resident of their commune. The one
 * exception: looking up a person by exact personal ID ({@code Patient?identifier=<cccd system>|<12
 * digits>}), e.g. someone who moved in; that lookup is marked for the audit trail.
 *
 * <p>The resident's commune is the commune code of the Patient's address, as stored now. HAPI's
 * authorization rules cannot express "resident of commune X" (it is not a compartment), which is why
 * this is a consent service.
 */
@Component
@Interceptor(order = AccessRules.ORDER + 1)
public class CommuneScope extends ConsentInterceptor implements IConsentService, FhirServerInterceptor {

	/** Request attribute set when station staff looked up a resident of another commune by personal ID. */
	public static final String CROSS_COMMUNE_LOOKUP = CommuneScope.class.getName() + ".crossCommuneLookup";

	/** a lookup names one person by ID; result shaping is fine, anything that widens or joins is not */
	private static final Set<String> LOOKUP_PARAMETERS =
			Set.of("identifier", "_count", "_format", "_pretty", "_summary", "_elements");
	private static final Set<RestOperationTypeEnum> WRITES = Set.of(
			RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH,
			RestOperationTypeEnum.DELETE, RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH);
	private static final String REQUEST_CACHE = CommuneScope.class.getName() + ".communes";

	private final DaoRegistry daos;
	private final FhirContext fhirContext;

	CommuneScope(DaoRegistry daos, FhirContext fhirContext) {
		this.daos = daos;
		this.fhirContext = fhirContext;
		setConsentService(this);
	}

	@Override
	public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
		return Caller.current().filter(c -> c.is(Role.STATION_STAFF)).isPresent()
				? ConsentOutcome.PROCEED
				: ConsentOutcome.AUTHORIZED; // other roles are fully decided by AccessRules
	}

	@Override
	public ConsentOutcome canSeeResource(
			RequestDetails request, IBaseResource resource, IConsentContextServices services) {
		return decide(request, resource);
	}

	/**
	 * Checked again just before a resource is shown: pages of an earlier search ({@code _getpages}) are
	 * loaded without the pre-access check, and a paging link may have been handed to someone else.
	 */
	@Override
	public ConsentOutcome willSeeResource(
			RequestDetails request, IBaseResource resource, IConsentContextServices services) {
		return decide(request, resource);
	}

	private ConsentOutcome decide(RequestDetails request, IBaseResource resource) {
		Caller staff = Caller.current().orElseThrow();
		if (WRITES.contains(request.getRestOperationType())) {
			// A conditional create/update finds its match through a search that passes here: hiding another
			// commune's resident would make HAPI create a duplicate person. A write by personal ID is a
			// lookup by personal ID, so it is allowed and marked as such; what is written is checked in
			// checkWrite.
			if (resource instanceof Patient patient && !staff.commune().equals(communeOf(patient))) {
				markCrossCommuneLookup(request);
			}
			return ConsentOutcome.PROCEED;
		}
		if (resource instanceof org.hl7.fhir.r4.model.AuditEvent) {
			return ConsentOutcome.REJECT; // the audit trail is not theirs to read; silently left out of $everything
		}
		Set<String> owners = residentsConcerned(resource);
		if (owners.isEmpty()) {
			return ConsentOutcome.PROCEED; // not a person's record: reference data
		}
		boolean ownCommune = owners.stream().allMatch(id -> staff.commune().equals(communeOf(id, request)));
		if (ownCommune) {
			return ConsentOutcome.PROCEED;
		}
		if (resource instanceof Patient && isExactPersonalIdLookup(request)) {
			markCrossCommuneLookup(request);
			return ConsentOutcome.PROCEED;
		}
		return ConsentOutcome.REJECT;
	}

	/** Also before storage: an update that changes nothing never reaches the pre-commit hooks. */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (resource instanceof Patient) {
			checkWrite(resource, request);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource, RequestDetails request) {
		checkWrite(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		checkWrite(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	void deleted(IBaseResource resource, RequestDetails request) {
		checkWrite(resource, request);
	}

	/**
	 * Runs when the whole submission is written (HAPI defers these hooks to the end of a transaction,
	 * with references resolved), so a check-up that registers a new resident is judged by that
	 * resident's address. Throwing rolls the whole transaction back.
	 */
	private void checkWrite(IBaseResource resource, RequestDetails request) {
		if (request == null || request instanceof SystemRequestDetails) {
			return;
		}
		Caller staff = Caller.current().filter(c -> c.is(Role.STATION_STAFF)).orElse(null);
		if (staff == null) {
			return;
		}
		if (resource instanceof Patient patient) {
			String commune = communeOf(patient);
			cache(request).put(patient.getIdElement().toUnqualifiedVersionless().getValue(), commune);
			if (!staff.commune().equals(commune)) {
				throw refused(resource);
			}
			return;
		}
		for (String owner : residentsConcerned(resource)) {
			if (!staff.commune().equals(communeOf(owner, request))) {
				throw refused(resource);
			}
		}
	}

	private ForbiddenOperationException refused(IBaseResource resource) {
		return new ForbiddenOperationException("Chỉ ghi hồ sơ của người dân thuộc xã của trạm ("
				+ fhirContext.getResourceType(resource) + ") / Only records of residents of your commune may be written");
	}

	private Set<String> residentsConcerned(IBaseResource resource) {
		if (resource instanceof Patient) {
			return Set.of(resource.getIdElement().toUnqualifiedVersionless().getValue());
		}
		String type = fhirContext.getResourceType(resource);
		if (fhirContext.getResourceDefinition(resource).getSearchParamsForCompartmentName("Patient").isEmpty()) {
			return Set.of();
		}
		List<IIdType> owners = fhirContext.newTerser().getCompartmentOwnersForResource(
				"Patient", resource,
				CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(type, Set.of(), Set.of()));
		return owners.stream().map(id -> "Patient/" + id.getIdPart()).collect(java.util.stream.Collectors.toSet());
	}

	private String communeOf(String patientId, RequestDetails request) {
		return cache(request).computeIfAbsent(patientId, id -> {
			try {
				return communeOf((Patient) daos.getResourceDao("Patient").read(new IdType(id), new SystemRequestDetails()));
			} catch (ResourceNotFoundException | ResourceGoneException e) {
				return "";
			}
		});
	}

	/** The 2025 commune code of the resident's current home address; empty when none is coded. */
	/** The commune of a resident's home address ("" when none); see {@link ResidentAddress}. */
	public static String communeOf(Patient patient) {
		return ResidentAddress.communeOf(patient);
	}

	private static void markCrossCommuneLookup(RequestDetails request) {
		if (request instanceof ServletRequestDetails servlet) { // read by the audit trail
			servlet.getServletRequest().setAttribute(CROSS_COMMUNE_LOOKUP, Boolean.TRUE);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> cache(RequestDetails request) {
		return (Map<String, String>) request.getUserData().computeIfAbsent(REQUEST_CACHE, k -> new HashMap<String, String>());
	}

	private static boolean isExactPersonalIdLookup(RequestDetails request) {
		if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE
				|| !"Patient".equals(request.getResourceName())) {
			return false;
		}
		Map<String, String[]> parameters = request.getParameters();
		String[] identifier = parameters.get("identifier");
		boolean onlyIdentifier = LOOKUP_PARAMETERS.containsAll(parameters.keySet());
		return onlyIdentifier && identifier != null && identifier.length == 1
				&& identifier[0].matches(java.util.regex.Pattern.quote(CitizenRecords.CCCD_SYSTEM) + "\\|[0-9]{12}");
	}
}
