package vn.sskdt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Examples;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.TestTokens;

/**
 * {@code Patient/{id}/$access-log} through HTTP with signed tokens: what a citizen's app shows under
 * "who looked at my book".
 */
class AccessLogTest extends FhirServerTest {

	private HealthBooks books;
	private String station;
	private String stationName;

	@BeforeEach
	void healthBooksAndAStation() {
		books = new HealthBooks(fhir); // fresh people: their logs hold only this test's accesses
		// a station of Thuận Hóa under a fresh facility code, so that its name is the only one for the code
		station = "9" + (1000 + ThreadLocalRandom.current().nextInt(9000));
		stationName = "Trạm Y tế Phường Thuận Hóa " + station;
		Organization organization = Examples.get("vn-org-tram-y-te-thuan-hoa");
		organization.setId((String) null);
		organization.getIdentifierFirstRep().setValue(station);
		organization.setName(stationName);
		fhir.create().resource(organization).execute();
	}

	@Test
	void aStationsReadIsALineNamingTheStationInVietnameseAndInEnglish() throws Exception {
		String staff = TestTokens.staff(station, HealthBooks.THUAN_HOA);
		assertThat(get(staff, "/fhir/Patient/" + books.resident.id(), null).statusCode()).isEqualTo(200);
		String citizen = TestTokens.citizen(books.resident.cccd());
		awaitAuditEvent(citizen, books.resident.id(), e -> by(e, "station-staff"));

		ListResource vietnamese = accessLog(citizen, books.resident, null);
		assertThat(vietnamese.getLanguage()).isEqualTo("vi");
		assertThat(vietnamese.getSubject().getReference()).isEqualTo("Patient/" + books.resident.id());
		ListResource.ListEntryComponent read = entryContaining(vietnamese, stationName + " đã xem thông tin cá nhân");
		assertThat(read.getItem().getDisplay()).containsPattern("^\\d{2}:\\d{2} ngày \\d{2}/\\d{2}/\\d{4} \\(GMT\\+07:00\\): ");
		assertThat(read.getDateElement().getValueAsString()).endsWith("+07:00");
		assertThat(read.getFlag().getText()).isEqualTo("Được phép");
		assertThat(vietnamese.getText().getDivAsString()).contains(stationName + " đã xem thông tin cá nhân");

		ListResource english = accessLog(citizen, books.resident, "en-GB,en;q=0.9");
		assertThat(english.getLanguage()).isEqualTo("en");
		ListResource.ListEntryComponent inEnglish = entryContaining(english, stationName + " viewed the personal details");
		assertThat(inEnglish.getItem().getReference()).isEqualTo(read.getItem().getReference());
		assertThat(inEnglish.getFlag().getText()).isEqualTo("Allowed");
		// the token's user account never shows, only the station
		assertThat(json(english)).doesNotContain("station-staff-" + station);
	}

	@Test
	void aStationWithoutAKnownNameIsShownByItsFacilityCode() throws Exception {
		String unknownStation = "8" + (1000 + ThreadLocalRandom.current().nextInt(9000));
		String staff = TestTokens.staff(unknownStation, HealthBooks.THUAN_HOA);
		String observation = "/fhir/Observation/" + books.resident.observation().getIdPart();
		assertThat(get(staff, observation, null).statusCode()).isEqualTo(200);
		String citizen = TestTokens.citizen(books.resident.cccd());
		awaitAuditEvent(citizen, books.resident.id(), e -> by(e, "station-staff"));

		entryContaining(accessLog(citizen, books.resident, null),
				"Cán bộ trạm y tế (" + unknownStation + ") đã xem một kết quả đo hoặc xét nghiệm");
	}

	@Test
	void onlyTheCitizenAndTheirGuardiansReadIt() throws Exception {
		String intruder = TestTokens.citizen(books.resident.cccd());
		HttpResponse<String> foreign = get(intruder, "/fhir/Patient/" + books.neighbour.id() + "/$access-log", null);
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(parse(OperationOutcome.class, foreign.body()).getIssue()).isNotEmpty();
		for (String staffOrAnalyst : new String[] {
				TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA), TestTokens.analyst("46")}) {
			assertThat(get(staffOrAnalyst, "/fhir/Patient/" + books.resident.id() + "/$access-log", null).statusCode())
					.isEqualTo(403);
		}

		// the neighbour sees the refused attempt, without anything about who the other citizen is
		String neighbour = TestTokens.citizen(books.neighbour.cccd());
		awaitAuditEvent(neighbour, books.neighbour.id(), e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4);
		ListResource log = accessLog(neighbour, books.neighbour, null);
		ListResource.ListEntryComponent refused = entryContaining(log, "muốn xem nhật ký truy cập, nhưng bị từ chối");
		assertThat(refused.getItem().getDisplay()).contains("Một người dân khác");
		assertThat(refused.getFlag().getText()).isEqualTo("Bị từ chối");
		assertThat(json(log)).doesNotContain(books.resident.cccd());
	}

	@Test
	void aParentSeesWhoLookedAtTheirChildsBook() throws Exception {
		String staff = TestTokens.staff(station, HealthBooks.THUAN_HOA);
		assertThat(get(staff, "/fhir/Observation?patient=" + books.child.id(), null).statusCode()).isEqualTo(200);
		String parent = TestTokens.citizen(books.parent.cccd());
		awaitAuditEvent(parent, books.child.id(), e -> by(e, "station-staff"));
		// the parent's own searches of the trail (the waiting above) are in it too
		awaitAuditEvent(parent, books.child.id(), e -> by(e, "citizen"));

		ListResource log = accessLog(parent, books.child, null);
		entryContaining(log, stationName + " đã tra cứu các kết quả đo, xét nghiệm");
		entryContaining(log, "Bạn đã tra cứu nhật ký truy cập");
		assertThat(json(log)).doesNotContain(books.parent.cccd());
	}

	@Test
	void aCountOutsideTheLimitsIsABadRequest() throws Exception {
		HttpResponse<String> response = get(TestTokens.citizen(books.resident.cccd()),
				"/fhir/Patient/" + books.resident.id() + "/$access-log?_count=0", null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics()).contains("_count");
	}

	private static boolean by(AuditEvent event, String role) {
		return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor)
				.flatMap(agent -> agent.getRole().stream()).flatMap(r -> r.getCoding().stream())
				.anyMatch(c -> PersonDataAudit.ROLE_SYSTEM.equals(c.getSystem()) && role.equals(c.getCode()));
	}

	private ListResource accessLog(String token, HealthBooks.Person person, String acceptLanguage) throws Exception {
		// the whole log: the waiting for the audit trail adds one line per poll (a search of the trail), newest
		// first, and on a slow machine those pushed the station's older line out of the default 100
		HttpResponse<String> response = get(token, "/fhir/Patient/" + person.id() + "/$access-log?_count=" + AccessLogOperation.MAX_COUNT,
				acceptLanguage);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(ListResource.class, response.body());
	}

	private static ListResource.ListEntryComponent entryContaining(ListResource log, String text) {
		return log.getEntry().stream().filter(e -> e.getItem().getDisplay().contains(text)).findFirst()
				.orElseThrow(() -> new AssertionError("no line with \"" + text + "\" in:\n"
						+ String.join("\n", log.getEntry().stream().map(e -> e.getItem().getDisplay()).toList())));
	}

	private HttpResponse<String> get(String token, String path, String acceptLanguage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json");
		if (acceptLanguage != null) {
			request.header("Accept-Language", acceptLanguage);
		}
		return sendAs(token, request);
	}
}
