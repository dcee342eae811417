package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sskdt.audit.PersonDataAudit;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.TestTokens;

/** Every access to a person's health book leaves an AuditEvent that the person can read. */
class AuditTrailTest extends FhirServerTest {

	private HealthBooks books;

	@BeforeEach
	void healthBooks() {
		books = new HealthBooks(fhir); // fresh people: their audit trail holds only this test's accesses
	}

	@Test
	void aStationReadingARecordIsVisibleToTheCitizen() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		assertThat(get(staff, "/fhir/Patient/" + books.resident.id()).statusCode()).isEqualTo(200);

		AuditEvent read = awaitEvent(TestTokens.citizen(books.resident.cccd()), books.resident,
				e -> e.getAction() == AuditEvent.AuditEventAction.R && hasRole(e, "station-staff"));

		assertThat(read.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		AuditEvent.AuditEventAgentComponent user = requestor(read);
		assertThat(user.getWho().getDisplay()).contains("station-staff", HealthBooks.STATION_THUAN_HOA);
		assertThat(read.getAgent()).anySatisfy(agent ->
				assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("sskdt-station-app"));
		assertThat(read.getRecorded()).isNotNull();
	}

	@Test
	void searchesAndWritesAreAudited() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		get(staff, "/fhir/Observation?patient=" + books.resident.id());
		HttpResponse<String> created = sendAs(staff, HttpRequest.newBuilder(uri("/fhir/Observation"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(HealthBooks.height(books.resident.patient())))));
		assertThat(created.statusCode()).isEqualTo(201);

		String citizen = TestTokens.citizen(books.resident.cccd());
		awaitEvent(citizen, books.resident, e -> e.getAction() == AuditEvent.AuditEventAction.E
				&& e.getSubtype().stream().anyMatch(s -> "search-type".equals(s.getCode())));
		awaitEvent(citizen, books.resident, e -> e.getAction() == AuditEvent.AuditEventAction.C);
	}

	@Test
	void aWholeBookOpenedWithEverythingIsAudited() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		assertThat(get(staff, "/fhir/Patient/" + books.resident.id() + "/$everything").statusCode()).isEqualTo(200);

		awaitEvent(TestTokens.citizen(books.resident.cccd()), books.resident, e -> hasRole(e, "station-staff")
				&& e.getEntity().stream().anyMatch(entity -> "$everything".equals(entity.getDescription())));
	}

	@Test
	void refusedAttemptsAreAudited() throws Exception {
		String intruder = TestTokens.citizen(books.resident.cccd());
		assertThat(get(intruder, "/fhir/Patient/" + books.neighbour.id()).statusCode()).isEqualTo(403);

		AuditEvent refused = awaitEvent(TestTokens.citizen(books.neighbour.cccd()), books.neighbour,
				e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4);

		assertThat(refused.getOutcomeDesc()).contains("403");
		assertThat(requestor(refused).getWho().getDisplay()).contains("citizen");
	}

	@Test
	void lookupOfAnotherCommunesResidentIsMarked() throws Exception {
		String otherStation = TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA);
		HttpResponse<String> lookup = get(otherStation,
				"/fhir/Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd%7C" + books.resident.cccd());
		assertThat(parse(Bundle.class, lookup.body()).getEntry()).hasSize(1);

		awaitEvent(TestTokens.citizen(books.resident.cccd()), books.resident, e -> e.getSubtype().stream()
				.anyMatch(s -> PersonDataAudit.SUBTYPE_SYSTEM.equals(s.getSystem()) && "cross-commune-lookup".equals(s.getCode())));
	}

	@Test
	void citizensSeeOnlyTheirOwnTrailAndNobodyButAnAdministratorEditsIt() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA);
		get(staff, "/fhir/Patient/" + books.neighbour.id());
		AuditEvent aboutNeighbour = awaitEvent(TestTokens.citizen(books.neighbour.cccd()), books.neighbour, e -> true);

		// the resident asking for the neighbour's trail gets nothing
		HttpResponse<String> foreign = get(TestTokens.citizen(books.resident.cccd()), "/fhir/AuditEvent?patient=" + books.neighbour.id());
		assertThat(foreign.statusCode()).isIn(200, 403);
		assertThat(foreign.body()).doesNotContain(aboutNeighbour.getIdElement().getIdPart());

		for (String token : List.of(TestTokens.citizen(books.neighbour.cccd()), staff, TestTokens.system("system/*.cruds"))) {
			HttpResponse<String> edit = sendAs(token, HttpRequest.newBuilder(uri("/fhir/AuditEvent/" + aboutNeighbour.getIdElement().getIdPart()))
					.header("Content-Type", "application/fhir+json")
					.PUT(HttpRequest.BodyPublishers.ofString(json(aboutNeighbour.setOutcomeDesc("edited")))));
			assertThat(edit.statusCode()).isEqualTo(403);
		}
		HttpResponse<String> byAdmin = sendAs(TestTokens.admin(), HttpRequest.newBuilder(uri("/fhir/AuditEvent/" + aboutNeighbour.getIdElement().getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(aboutNeighbour.setOutcomeDesc("corrected by an administrator")))));
		assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
	}

	@Test
	void anAuditorSearchesByTheKeptParametersAndTheUnindexedOnesAreRefused() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		get(staff, "/fhir/Patient/" + books.resident.id());
		AuditEvent read = awaitEvent(TestTokens.citizen(books.resident.cccd()), books.resident, e -> hasRole(e, "station-staff"));

		HttpResponse<String> byRole = get(TestTokens.admin(), "/fhir/AuditEvent?patient=Patient/" + books.resident.id()
				+ "&agent-role=" + PersonDataAudit.ROLE_SYSTEM + "%7Cstation-staff&action=R&outcome=0&_sort=-date");
		assertThat(byRole.statusCode()).as(byRole.body()).isEqualTo(200);
		assertThat(byRole.body()).contains(read.getIdElement().getIdPart());

		HttpResponse<String> byEntityType = get(TestTokens.admin(), "/fhir/AuditEvent?entity-type=Patient");
		assertThat(byEntityType.statusCode()).isEqualTo(400);
		assertThat(byEntityType.body()).contains("OperationOutcome", "entity-type");
	}

	private AuditEvent awaitEvent(String citizenToken, HealthBooks.Person person, Predicate<AuditEvent> wanted) {
		return awaitAuditEvent(citizenToken, person.id(), wanted);
	}

	private static boolean hasRole(AuditEvent event, String role) {
		return requestor(event).getRole().stream().flatMap(r -> r.getCoding().stream()).anyMatch(c -> role.equals(c.getCode()));
	}

	private static AuditEvent.AuditEventAgentComponent requestor(AuditEvent event) {
		return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
	}

	private HttpResponse<String> get(String token, String path) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json"));
	}
}
