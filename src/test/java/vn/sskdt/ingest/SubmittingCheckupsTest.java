package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/**
 * The complete example of docs/submitting-checkups.md is what the server accepts: a station sends it,
 * and sending it again (a retry after a timeout) changes nothing and answers with the same records.
 */
class SubmittingCheckupsTest extends FhirServerTest {

	private static final Path STATION = Path.of("docs/examples/station-registration.json");
	private static final Path CHECKUP = Path.of("docs/examples/checkup-transaction.json");

	@Test
	void theDocumentedCheckupIsStoredOnceHoweverOftenItIsSent() throws Exception {
		assertThat(submit(TestTokens.admin(), Files.readString(STATION)).statusCode()).isEqualTo(200);
		String station = TestTokens.staff("46002", "19774"); // Trạm Y tế Phường Kim Long, as in the example

		HttpResponse<String> first = submit(station, Files.readString(CHECKUP));
		HttpResponse<String> retry = submit(station, Files.readString(CHECKUP));

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
		List<String> firstRecords = locations(first);
		assertThat(firstRecords).hasSize(9);
		assertThat(locations(retry)).as("the same records, no new versions").isEqualTo(firstRecords);
		assertThat(statuses(first)).containsOnly("201 Created");
		assertThat(statuses(retry)).containsOnly("200 OK");
	}

	private HttpResponse<String> submit(String token, String body) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private List<String> locations(HttpResponse<String> response) {
		return parse(Bundle.class, response.body()).getEntry().stream().map(e -> e.getResponse().getLocation()).toList();
	}

	private List<String> statuses(HttpResponse<String> response) {
		return parse(Bundle.class, response.body()).getEntry().stream().map(e -> e.getResponse().getStatus()).toList();
	}
}
