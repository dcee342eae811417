package vn.sskdt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Families;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;
import vn.sskdt.support.TestTokens;

/**
 * The audit trail is written after the answers, in batches (AuditEventStore): a normal shutdown
 * must still store every opening already answered, however long the database makes the writer wait.
 */
class AuditAtShutdownTest {

	@Test
	void openingsAnsweredBeforeAShutdownAreInTheTrailAfterIt() throws Exception {
		String database = TestPostgres.newDatabase("sskdt_audit_shutdown");
		String motherCccd = Residents.newPersonalId();
		IdType child;
		int openings = 30;
		try (TestApplication first = TestApplication.start(database, Map.of())) {
			child = Families.child(first.client(), motherCccd, LocalDate.now().minusMonths(10), HealthBooks.THUAN_HOA, List.of());
			// the writer waits: an exclusive lock on the trail table lets reads through, not its inserts
			try (Connection lock = DriverManager.getConnection(database, "postgres", "")) {
				lock.setAutoCommit(false);
				lock.createStatement().execute("lock table audit_trail in exclusive mode");
				HttpClient http = HttpClient.newHttpClient();
				for (int i = 0; i < openings; i++) {
					HttpResponse<String> forecast = http.send(HttpRequest.newBuilder(
							URI.create(first.fhirBaseUrl() + "/Patient/" + child.getIdPart() + "/$immds-forecast"))
							.header("Authorization", "Bearer " + TestTokens.citizen(motherCccd)).build(),
							HttpResponse.BodyHandlers.ofString());
					assertThat(forecast.statusCode()).as(forecast.body()).isEqualTo(200);
				}
				Thread stopping = new Thread(first::close);
				stopping.start();
				Thread.sleep(15_000); // the writer used to be given 10 s at shutdown
				lock.commit();
				stopping.join();
			}
		}
		try (TestApplication second = TestApplication.start(database, Map.of())) {
			IGenericClient admin = second.client();
			Bundle trail = admin.search().byUrl("AuditEvent?patient=Patient/" + child.getIdPart() + "&_count=500")
					.returnBundle(Bundle.class).execute();
			long forecasts = trail.getEntry().stream().map(e -> (AuditEvent) e.getResource())
					.filter(e -> e.getEntity().stream().anyMatch(entity -> entity.hasDescription()
							&& entity.getDescription().endsWith("Immunization forecast")))
					.count();
			assertThat(forecasts).isEqualTo(openings);
		}
	}
}
