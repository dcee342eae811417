package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/**
 * The known ways a FHIR server leaks what the rules meant to hide: includes, reverse includes,
 * {@code _has}, chained search, conditional writes as existence oracles, paging links handed to
 * another user, {@code $everything} and history. Each test asks for someone else's data through a
 * side door and checks that none of it comes back.
 */
class LeakTest extends FhirServerTest {

	private static HealthBooks books;
	private static IdType sharedObservation; // the resident's, with the neighbour named as performer

	@BeforeEach
	void healthBooks() {
		if (books == null) {
			books = new HealthBooks(fhir);
			Observation height = HealthBooks.height(books.resident.patient());
			height.addPerformer(new Reference(books.neighbour.patient()));
			sharedObservation = (IdType) fhir.create().resource(height).execute().getId().toUnqualifiedVersionless();
		}
	}

	@Test
	void includeDoesNotPullInAnotherPersonsRecord() throws Exception {
		HttpResponse<String> response = get(TestTokens.citizen(books.resident.cccd()),
				"/fhir/Observation?_include=Observation:performer&_id=" + sharedObservation.getIdPart());

		assertNoTraceOf(response, books.neighbour);
	}

	@Test
	void reverseIncludeStaysInTheOwnBook() throws Exception {
		HttpResponse<String> response = get(TestTokens.citizen(books.resident.cccd()),
				"/fhir/Patient?_revinclude=Observation:subject&_revinclude=RelatedPerson:patient");

		assertThat(response.statusCode()).isEqualTo(200);
		Bundle bundle = parse(Bundle.class, response.body());
		assertThat(bundle.getEntry()).isNotEmpty();
		assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(entry.getResource().getIdElement().getIdPart())
				.isNotIn(books.neighbour.id(), books.neighbour.observation().getIdPart(), books.child.id()));
	}

	@Test
	void hasSearchOnlyFindsTheCallersOwnRecord() throws Exception {
		HttpResponse<String> response = get(TestTokens.citizen(books.resident.cccd()),
				"/fhir/Patient?_has:Observation:subject:code=http://loinc.org%7C8302-2");

		assertThat(response.statusCode()).isEqualTo(200);
		Bundle bundle = parse(Bundle.class, response.body());
		assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(books.resident.id());
	}

	@Test
	void chainedSearchByAnotherPersonsIdFindsNothing() throws Exception {
		String chained = "/fhir/Observation?subject.identifier=" + Residents.CCCD + "%7C" + books.neighbour.cccd();

		HttpResponse<String> byCitizen = get(TestTokens.citizen(books.resident.cccd()), chained);
		HttpResponse<String> byOtherStation = get(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA), chained);

		assertEmpty(byCitizen);
		assertEmpty(byOtherStation);
	}

	@Test
	void conditionalCreateIsNoExistenceOracleForCitizens() throws Exception {
		String citizen = TestTokens.citizen(books.resident.cccd());
		HttpResponse<String> existing = conditionalCreate(citizen, books.neighbour.cccd());
		HttpResponse<String> missing = conditionalCreate(citizen, Residents.newPersonalId());

		assertThat(existing.statusCode()).isEqualTo(403);
		assertThat(missing.statusCode()).isEqualTo(existing.statusCode());
	}

	/**
	 * Another station's conditional create for a known personal ID finds the person (it is a lookup by
	 * exact ID, allowed and audited) and neither duplicates nor moves them.
	 */
	@Test
	void conditionalCreateByAnotherStationNeitherDuplicatesNorMovesTheResident() throws Exception {
		HttpResponse<String> response =
				conditionalCreate(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA), books.neighbour.cccd());

		assertThat(response.statusCode()).isEqualTo(200);
		Bundle stored = fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, books.neighbour.cccd()))
				.returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).hasSize(1);
		assertThat(CommuneScope.communeOf((Patient) stored.getEntryFirstRep().getResource())).isEqualTo(HealthBooks.VY_DA);
	}

	@Test
	void pagingLinkOfOneCitizenShowsAnotherNothing() throws Exception {
		HealthBooks own = new HealthBooks(fhir); // people not named in any other resource of this class
		fhir.create().resource(HealthBooks.height(own.resident.patient())).execute(); // a second page
		HttpResponse<String> first = get(TestTokens.citizen(own.resident.cccd()), "/fhir/Observation?_count=1");
		Bundle page = parse(Bundle.class, first.body());
		String next = page.getLink(Bundle.LINK_NEXT).getUrl();
		String path = next.substring(next.indexOf("/fhir"));

		HttpResponse<String> stolen = get(TestTokens.citizen(own.neighbour.cccd()), path);
		HttpResponse<String> stolenByStation = get(TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA), path);

		assertNoTraceOf(stolenByStation, own.resident);
		assertNoTraceOf(stolen, own.resident);
		assertThat(get(TestTokens.citizen(own.resident.cccd()), path).statusCode()).isEqualTo(200); // the owner may
	}

	@Test
	void everythingOfAnotherPersonShowsNothing() throws Exception {
		assertNoTraceOf(get(TestTokens.citizen(books.resident.cccd()), "/fhir/Patient/" + books.neighbour.id() + "/$everything"),
				books.neighbour);
		assertNoTraceOf(get(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA),
				"/fhir/Patient/" + books.neighbour.id() + "/$everything"), books.neighbour);
	}

	@Test
	void historyShowsNoOneElse() throws Exception {
		String citizen = TestTokens.citizen(books.resident.cccd());
		assertNoTraceOf(get(citizen, "/fhir/Observation/_history"), books.neighbour);
		assertNoTraceOf(get(citizen, "/fhir/_history"), books.neighbour);
		assertNoTraceOf(get(citizen, "/fhir/Patient/" + books.neighbour.id() + "/_history"), books.neighbour);
		assertNoTraceOf(get(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA),
				"/fhir/Observation/" + books.neighbour.observation().getIdPart() + "/_history"), books.neighbour);
	}

	private HttpResponse<String> conditionalCreate(String token, String cccd) throws Exception {
		Patient patient = Residents.livingIn(cccd, HealthBooks.THUAN_HOA);
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient"))
				.header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "identifier=" + Residents.CCCD + "|" + cccd)
				.header("Prefer", "return=representation")
				.POST(HttpRequest.BodyPublishers.ofString(json(patient))));
	}

	private HttpResponse<String> get(String token, String path) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json"));
	}

	/** Refused, or answered without any of the person's resources (the links may repeat the request). */
	private void assertNoTraceOf(HttpResponse<String> response, HealthBooks.Person person) {
		assertThat(response.statusCode()).isIn(200, 403, 404);
		String shown = response.body();
		if (response.statusCode() == 200) {
			Bundle bundle = parse(Bundle.class, response.body());
			bundle.getLink().clear();
			shown = json(bundle);
		}
		assertThat(shown).as("HTTP %d", response.statusCode())
				.doesNotContain(person.id())
				.doesNotContain(person.observation().getIdPart())
				.doesNotContain(person.cccd());
	}

	private void assertEmpty(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(Bundle.class, response.body()).getEntry()).isEmpty();
	}
}
