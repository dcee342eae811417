package vn.sskdt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/**
 * The audit trail is kept in its own table (AuditTrail) and served as AuditEvents: an auditor pages
 * through it and filters it the documented ways, and an administrator's hand-written event is checked
 * and itself audited.
 */
class AuditTrailSearchTest extends FhirServerTest {

	/** BALP's object role of a search: the entity that records the query */
	private static final String QUERY_ROLE = "24";

	private HealthBooks books;

	@BeforeEach
	void healthBooks() {
		books = new HealthBooks(fhir);
	}

	@Test
	void aCitizenSeesThatTheirRecordWasFoundNotWhatWasSearchedFor() throws Exception {
		// a station looks up two personal IDs at once: the resident's and someone else's
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		String search = "/fhir/Patient?identifier=" + Residents.CCCD + "%7C" + books.resident.cccd()
				+ "," + Residents.CCCD + "%7C" + books.strangerCccd;
		HttpResponse<String> found = get(staff, search);
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);

		AuditEvent seen = awaitAuditEvent(TestTokens.citizen(books.resident.cccd()), books.resident.id(),
				e -> e.getEntity().stream().anyMatch(entity -> QUERY_ROLE.equals(entity.getRole().getCode())));
		assertThat(json(seen)).doesNotContain(books.strangerCccd);
		assertThat(seen.getEntity()).allSatisfy(entity -> assertThat(entity.hasQuery()).isFalse());
		assertThat(seen.getEntity()).anySatisfy(entity -> assertThat(entity.getDescription()).startsWith("GET ").endsWith("/Patient"));

		// the auditor sees the whole request
		AuditEvent audited = parse(AuditEvent.class, get(TestTokens.admin(), "/fhir/AuditEvent/" + seen.getIdElement().getIdPart()).body());
		assertThat(audited.getEntity()).filteredOn(AuditEvent.AuditEventEntityComponent::hasQuery)
				.extracting(entity -> new String(entity.getQuery(), StandardCharsets.UTF_8))
				.anySatisfy(query -> assertThat(query).contains(books.strangerCccd));
	}

	@Test
	void anAuditorPagesThroughAPersonsTrailNewestFirst() throws Exception {
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		for (int i = 0; i < 5; i++) {
			assertThat(get(staff, "/fhir/Patient/" + books.resident.id()).statusCode()).isEqualTo(200);
		}
		String byStaff = "/fhir/AuditEvent?patient=Patient/" + books.resident.id()
				+ "&agent-role=" + PersonDataAudit.ROLE_SYSTEM + "%7Cstation-staff&action=R";
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
				.until(() -> bundle(byStaff + "&_count=200").getEntry().size() >= 5);

		List<AuditEvent> paged = new ArrayList<>();
		Bundle page = bundle(byStaff + "&_count=2");
		int total = page.getTotal();
		int pages = 0;
		while (true) {
			pages++;
			page.getEntry().forEach(e -> paged.add((AuditEvent) e.getResource()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			String next = page.getLink(Bundle.LINK_NEXT).getUrl();
			page = bundle(next.substring(next.indexOf("/fhir/")));
		}

		assertThat(total).isEqualTo(5);
		assertThat(pages).isEqualTo(3);
		assertThat(paged).hasSize(5);
		assertThat(new HashSet<>(paged.stream().map(e -> e.getIdElement().getIdPart()).toList())).hasSize(5);
		for (int i = 1; i < paged.size(); i++) {
			assertThat(paged.get(i).getRecorded()).isBeforeOrEqualTo(paged.get(i - 1).getRecorded());
		}
		assertThat(paged).allSatisfy(e -> assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.R));

		// oldest first on request; a date range; only date sorts
		Bundle oldestFirst = bundle(byStaff + "&_sort=date&_count=200");
		assertThat(oldestFirst.getEntry().get(0).getResource().getIdElement().getIdPart())
				.isEqualTo(paged.get(4).getIdElement().getIdPart());
		assertThat(bundle(byStaff + "&date=gt2099-01-01").getTotal()).isZero();
		assertThat(bundle(byStaff + "&date=ge2000-01-01").getTotal()).isEqualTo(5);
		HttpResponse<String> byOutcome = get(TestTokens.admin(), byStaff + "&_sort=outcome");
		assertThat(byOutcome.statusCode()).isEqualTo(400);
		assertThat(byOutcome.body()).contains("OperationOutcome", "date");
	}

	@Test
	void anAdministratorsEventIsCheckedStoredAndItselfAudited() throws Exception {
		String nobody = "never-stored-" + java.util.UUID.randomUUID();
		AuditEvent incomplete = new AuditEvent(); // no type, recorded, agent or source
		incomplete.addEntity().setWhat(new Reference("Patient/" + nobody));
		HttpResponse<String> refused = post(incomplete);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat(refused.body()).contains("OperationOutcome", "AuditEvent.recorded");
		assertThat(bundle("/fhir/AuditEvent?patient=" + nobody).getTotal()).isZero();

		AuditEvent note = new AuditEvent();
		note.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110100");
		note.setRecorded(new Date()).setOutcome(AuditEvent.AuditEventOutcome._0).setOutcomeDesc("a paper record was consulted");
		note.addAgent().setRequestor(true).getWho().setDisplay("Trạm Y tế Phường Thuận Hóa");
		note.getSource().getObserver().setDisplay("paper archive");
		note.addEntity().setWhat(new Reference("Patient/" + books.neighbour.id()));
		HttpResponse<String> created = post(note);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = parse(AuditEvent.class, created.body()).getIdElement().getIdPart();

		AuditEvent read = parse(AuditEvent.class, get(TestTokens.admin(), "/fhir/AuditEvent/" + id).body());
		assertThat(read.getOutcomeDesc()).isEqualTo("a paper record was consulted");
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
		// the person sees both the note and that an administrator wrote it
		awaitAuditEvent(TestTokens.citizen(books.neighbour.cccd()), books.neighbour.id(),
				e -> e.getIdElement().getIdPart().equals(id));
		awaitAuditEvent(TestTokens.citizen(books.neighbour.cccd()), books.neighbour.id(),
				e -> e.getAction() == AuditEvent.AuditEventAction.C && e.getEntity().stream()
						.anyMatch(entity -> ("AuditEvent/" + id).equals(entity.getWhat().getIdentifier().getValue())));
		assertThat(get(TestTokens.admin(), "/fhir/AuditEvent/no-such-event").statusCode()).isEqualTo(404);

		// a correction moves the event in the person's trail: listed once, at its corrected time
		read.setRecordedElement(new org.hl7.fhir.r4.model.InstantType("2020-01-02T03:04:05.678+00:00"));
		HttpResponse<String> corrected = sendAs(TestTokens.admin(), HttpRequest.newBuilder(uri("/fhir/AuditEvent/" + id))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(read))));
		assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
		assertThat(parse(AuditEvent.class, corrected.body()).getMeta().getVersionId()).isEqualTo("2");
		String trail = "/fhir/AuditEvent?patient=" + books.neighbour.id() + "&_count=200";
		assertThat(bundle(trail).getEntry()).filteredOn(e -> e.getResource().getIdElement().getIdPart().equals(id)).hasSize(1);
		assertThat(bundle(trail + "&date=lt2020-02-01").getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(id);
	}

	private HttpResponse<String> post(AuditEvent event) throws Exception {
		return sendAs(TestTokens.admin(), HttpRequest.newBuilder(uri("/fhir/AuditEvent"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(event))));
	}

	private Bundle bundle(String path) throws Exception {
		HttpResponse<String> answer = get(TestTokens.admin(), path);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return parse(Bundle.class, answer.body());
	}

	private HttpResponse<String> get(String token, String path) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json"));
	}
}
