package vn.sskdt.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;

/**
 * The health books a signed-in citizen may open: their own Patient (found by the personal ID in their
 * token) and those of their minor children, where a {@code RelatedPerson} of the child names the
 * citizen's personal ID with a parent or guardian relationship. Looked up once per request (kept in
 * the request), never across requests, so a new guardian link or its removal applies at once.
 */
@Component
public class CitizenRecords {

	public static final String CCCD_SYSTEM = "http://fhir.hl7.org.vn/core/sid/cccd";
	private static final String ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
	/** mother, father, parent, guardian (and their natural/adoptive variants) */
	private static final Set<String> GUARDIAN_CODES =
			Set.of("MTH", "FTH", "PRN", "NMTH", "NFTH", "NPRN", "ADOPTMTH", "ADOPTFTH", "ADOPTP", "GUARD");
	private static final int ADULT_AGE = 18;
	private static final String REQUEST_KEY = CitizenRecords.class.getName();

	private final DaoRegistry daos;

	CitizenRecords(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Patient ids ({@code Patient/…}) the citizen may read; empty when they have no record yet. */
	@SuppressWarnings("unchecked")
	public List<IIdType> readableBy(Caller citizen, RequestDetails request) {
		Object known = request.getUserData().get(REQUEST_KEY);
		if (known != null) {
			return (List<IIdType>) known;
		}
		List<IIdType> ids = citizen.cccd().matches("[0-9]{12}") ? lookUp(citizen.cccd()) : List.of();
		request.getUserData().put(REQUEST_KEY, ids);
		return ids;
	}

	private List<IIdType> lookUp(String cccd) {
		Set<String> ids = new LinkedHashSet<>();
		for (IBaseResource own : search("Patient", cccd)) {
			ids.add("Patient/" + own.getIdElement().getIdPart());
		}
		for (IBaseResource resource : search("RelatedPerson", cccd)) {
			RelatedPerson link = (RelatedPerson) resource;
			if (link.getActive() && isGuardian(link) && link.getPatient().getReferenceElement().hasIdPart()) {
				String childId = link.getPatient().getReferenceElement().getIdPart();
				if (isMinor(childId)) {
					ids.add("Patient/" + childId);
				}
			}
		}
		List<IIdType> result = new ArrayList<>();
		ids.forEach(id -> result.add(new IdType(id)));
		return List.copyOf(result);
	}

	private List<IBaseResource> search(String type, String cccd) {
		SearchParameterMap byPersonalId =
				SearchParameterMap.newSynchronous().add("identifier", new TokenParam(CCCD_SYSTEM, cccd));
		return daos.getResourceDao(type).search(byPersonalId, new SystemRequestDetails()).getAllResources();
	}

	private static boolean isGuardian(RelatedPerson link) {
		return link.getRelationship().stream()
				.flatMap(concept -> concept.getCoding().stream())
				.anyMatch(c -> ROLE_CODE_SYSTEM.equals(c.getSystem()) && GUARDIAN_CODES.contains(c.getCode()));
	}

	private boolean isMinor(String patientId) {
		Patient child = (Patient) daos.getResourceDao("Patient")
				.read(new IdType("Patient", patientId), new SystemRequestDetails());
		if (child.getBirthDate() == null) {
			return false;
		}
		String date = child.getBirthDateElement().getValueAsString(); // YYYY, YYYY-MM or YYYY-MM-DD
		LocalDate born = LocalDate.parse((date + "-01-01").substring(0, 10));
		ZoneId vietnam = ZoneId.of("Asia/Ho_Chi_Minh");
		return born.plusYears(ADULT_AGE).isAfter(LocalDate.now(vietnam));
	}
}
