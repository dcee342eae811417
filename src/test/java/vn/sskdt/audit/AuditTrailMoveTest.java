package vn.sskdt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Families;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;
import vn.sskdt.support.TestTokens;

/**
 * Versions before the AuditTrail table stored AuditEvents as HAPI resources: after an upgrade, those
 * events are still in the person's trail, under their ids.
 */
class AuditTrailMoveTest {

	@Test
	void eventsAnEarlierVersionStoredAreInTheTrailAfterTheUpgrade() throws Exception {
		String database = TestPostgres.newDatabase("sskdt_audit_move");
		String motherCccd = Residents.newPersonalId();
		IdType child;
		String earlier;
		try (TestApplication first = TestApplication.start(database, Map.of())) {
			child = Families.child(first.client(), motherCccd, LocalDate.now().minusMonths(10), HealthBooks.THUAN_HOA, List.of());
			// as an earlier version stored it: a HAPI resource (the DAO is still there; nothing serves it)
			AuditEvent event = new AuditEvent();
			event.getType().setSystem("http://terminology.hl7.org/CodeSystem/audit-event-type").setCode("rest");
			event.setAction(AuditEvent.AuditEventAction.R).setOutcome(AuditEvent.AuditEventOutcome._0)
					.setRecorded(new Date()).getSource().getObserver().setDisplay("an earlier version");
			event.addAgent().setRequestor(true).getWho().setDisplay("Trạm Y tế Phường Thuận Hóa");
			event.addEntity().setWhat(new Reference("Patient/" + child.getIdPart()));
			earlier = first.bean(DaoRegistry.class).getResourceDao(AuditEvent.class)
					.create(event, new SystemRequestDetails()).getId().getIdPart();
			assertThat(status(first, "/fhir/AuditEvent/" + earlier)).isEqualTo(404); // not in the table yet
			try (Connection db = DriverManager.getConnection(database, "postgres", "")) {
				db.createStatement().execute("delete from audit_trail_moved"); // as before the upgrade
			}
		}
		try (TestApplication upgraded = TestApplication.start(database, Map.of())) {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
					.until(() -> status(upgraded, "/fhir/AuditEvent/" + earlier) == 200);
			// the mother's app lists it among who looked at her child's book
			HttpResponse<String> log = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
					URI.create(upgraded.fhirBaseUrl() + "/Patient/" + child.getIdPart() + "/$access-log"))
					.header("Authorization", "Bearer " + TestTokens.citizen(motherCccd)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
			ListResource lines = upgraded.client().getFhirContext().newJsonParser().parseResource(ListResource.class, log.body());
			assertThat(lines.getEntry()).anySatisfy(entry ->
					assertThat(entry.getItem().getReference()).isEqualTo("AuditEvent/" + earlier));
		}
	}

	private static int status(TestApplication app, String path) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.fhirBaseUrl().replace("/fhir", "") + path))
				.header("Authorization", "Bearer " + TestTokens.admin()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}
}
