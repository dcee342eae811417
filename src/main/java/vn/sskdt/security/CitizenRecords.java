package vn.sskdt.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.time.ZoneId;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import vn.sskdt.citizen.BookChanges;
import vn.sskdt.citizen.CitizenProperties;
import vn.sskdt.citizen.FreshCache;

/**
 * The health books a signed-in citizen may open: their own Patient (found by the personal ID in their
 * token) and those of their minor children, where a {@code RelatedPerson} of the child names the
 * citizen's personal ID with a parent or guardian relationship. Every request of a citizen needs it
 * (the access rules are built from it), so what the two searches and the children's reads found is
 * kept between requests, per personal ID, until a write that could change it commits ({@link
 * BookChanges}: a Patient or RelatedPerson carrying that personal ID, before or after the write; a
 * Patient's birth date changed): a new guardian link or its removal still applies at once. Whether a
 * child is still a minor is decided on each request, from the kept birth date.
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
	private final FreshCache<Found> found;

	/** What the searches found for one personal ID: own Patients, and children with their birth dates. */
	private record Found(List<String> own, Map<String, String> childrenBorn) {}

	CitizenRecords(DaoRegistry daos, BookChanges changes, CitizenProperties properties, MeterRegistry meters) {
		this.daos = daos;
		this.found = new FreshCache<>("citizen-books", changes, BookChanges.Scope.ACCESS,
				properties.accessCacheEntries(), f -> 1, meters);
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
		Found books = found.get(BookChanges.personalId(cccd), "", () -> find(cccd));
		Set<String> ids = new LinkedHashSet<>();
		books.own().forEach(id -> ids.add("Patient/" + id));
		books.childrenBorn().forEach((child, born) -> {
			if (isMinor(born)) {
				ids.add("Patient/" + child);
			}
		});
		List<IIdType> result = new ArrayList<>();
		ids.forEach(id -> result.add(new IdType(id)));
		return List.copyOf(result);
	}

	private Found find(String cccd) {
		List<String> own = new ArrayList<>();
		for (IBaseResource patient : search("Patient", cccd)) {
			own.add(patient.getIdElement().getIdPart());
		}
		Map<String, String> children = new LinkedHashMap<>();
		for (IBaseResource resource : search("RelatedPerson", cccd)) {
			RelatedPerson link = (RelatedPerson) resource;
			if (link.getActive() && isGuardian(link) && link.getPatient().getReferenceElement().hasIdPart()) {
				String childId = link.getPatient().getReferenceElement().getIdPart();
				children.put(childId, birthDate(childId));
			}
		}
		return new Found(List.copyOf(own), Collections.unmodifiableMap(children));
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

	/** The child's birth date as stored (YYYY, YYYY-MM or YYYY-MM-DD), "" when unknown. */
	private String birthDate(String patientId) {
		Patient child = (Patient) daos.getResourceDao("Patient")
				.read(new IdType("Patient", patientId), new SystemRequestDetails());
		return child.getBirthDate() == null ? "" : child.getBirthDateElement().getValueAsString();
	}

	private static boolean isMinor(String date) {
		if (date.isEmpty()) {
			return false;
		}
		LocalDate born = LocalDate.parse((date + "-01-01").substring(0, 10));
		ZoneId vietnam = ZoneId.of("Asia/Ho_Chi_Minh");
		return born.plusYears(ADULT_AGE).isAfter(LocalDate.now(vietnam));
	}
}
