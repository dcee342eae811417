package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.sskdt.support.Families;
import vn.sskdt.support.Families.Dose;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.PreparedBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;
import vn.sskdt.support.TestTokens;

/**
 * Prepared documents outlive the server process: after a restart, the first opening of a book prepared
 * before is that document (even with the preparation turned off), and {@code prepare-all-books} prepares
 * the books that have none (as after an upgrade from a version without preparation).
 */
class PreparedAfterRestartTest {

	@Test
	void aBookPreparedBeforeARestartIsOpenedFromItsDocumentAfterIt() throws Exception {
		String database = TestPostgres.newDatabase("sskdt_prepared_restart");
		String motherCccd = Residents.newPersonalId();
		String otherMotherCccd = Residents.newPersonalId();
		LocalDate born = LocalDate.now().minusMonths(3);
		IdType child;
		IdType unprepared;
		try (TestApplication first = TestApplication.start(database, Map.of())) {
			child = Families.child(first.client(), motherCccd, born, HealthBooks.THUAN_HOA,
					List.of(Dose.given("hepb-birth", born.toString())));
			unprepared = Families.child(first.client(), otherMotherCccd, born, HealthBooks.THUAN_HOA, List.of());
			JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
			awaitPrepared(jdbc, child);
			awaitPrepared(jdbc, unprepared);
			// as a book stored by a version without preparation
			jdbc.update("delete from book_document where book = ?", "Patient/" + unprepared.getIdPart());
		}
		Instant restarted = Instant.now();

		try (TestApplication second = TestApplication.start(database, Map.of("sskdt.citizen.prepare-documents", "false"))) {
			Bundle summary = summary(second, motherCccd, child);
			assertThat(((Composition) summary.getEntryFirstRep().getResource()).getDate().toInstant()).isBefore(restarted);
			assertThat(second.bean(JdbcTemplate.class).queryForObject("select count(*) from book_document where book = ?",
					Integer.class, "Patient/" + unprepared.getIdPart())).isZero();
			// not prepared, so generated now
			assertThat(((Composition) summary(second, otherMotherCccd, unprepared).getEntryFirstRep().getResource())
					.getDate().toInstant()).isAfter(restarted);
		}

		try (TestApplication third = TestApplication.start(database, Map.of("sskdt.citizen.prepare-all-books", "true"))) {
			awaitPrepared(third.bean(JdbcTemplate.class), unprepared);
		}
	}

	private static void awaitPrepared(JdbcTemplate jdbc, IdType patient) {
		PreparedBooks.await(jdbc, patient);
	}

	private static Bundle summary(TestApplication app, String parentCccd, IdType child) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create(app.fhirBaseUrl() + "/Patient/" + child.getIdPart() + "/$summary"))
				.header("Authorization", "Bearer " + TestTokens.citizen(parentCccd))
				.header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(HealthBookSummaryProvider.PREPARED_BASE);
		return app.bean(FhirContext.class).newJsonParser().parseResource(Bundle.class, response.body());
	}
}
