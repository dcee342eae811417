package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.GeneratedCommune;
import vn.sskdt.support.StoredRecords;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;
import vn.sskdt.support.TestTokens;

/**
 * The server stops in the middle of a station's batch (its application context is closed while the
 * batch is being stored), starts again on the same database, the station sends the same batch again:
 * every check-up is then stored exactly once, none lost, none doubled, none in part.
 */
class BatchCutOffTest {

	private static final GeneratedCommune AN_CUU = GeneratedCommune.of(7, 260, "19815");
	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aBatchCutOffByAStopIsCompletedByResendingIt() throws Exception {
		String database = TestPostgres.newDatabase("sskdt_cutoff");
		List<String> checkups = AN_CUU.checkups();
		Map<String, TreeSet<String>> records = GeneratedCommune.recordsOf(checkups);
		String batch = GeneratedCommune.batchOf(checkups);

		// waits at most 1 s for requests in flight, then stops under them
		TestApplication first = TestApplication.start(database, Map.of("spring.lifecycle.timeout-per-shutdown-phase", "1s"));
		CompletableFuture<HttpResponse<String>> cutOff;
		long storedAtStop;
		try {
			for (String station : AN_CUU.stationBundles) {
				assertThat(post(first, TestTokens.admin(), station).statusCode()).isEqualTo(200);
			}
			cutOff = http.sendAsync(request(first, AN_CUU.staffToken(), batch), HttpResponse.BodyHandlers.ofString());
			while ((storedAtStop = encounters(first)) < 3) {
				if (cutOff.isDone()) { // say what the server answered: an early answer is the failure to explain
					throw new AssertionError("the batch ended before the stop, with " + encounters(first) + " stored: "
							+ cutOff.handle((answer, failure) -> answer != null
									? answer.statusCode() + " " + answer.body().substring(0, Math.min(2000, answer.body().length()))
									: String.valueOf(failure)).join());
				}
				Thread.sleep(100);
			}
		} finally {
			first.close();
		}
		assertThat(storedAtStop).isLessThan(checkups.size());

		TestApplication second = TestApplication.start(database, Map.of());
		try {
			long storedBeforeResending = encounters(second);
			assertThat(storedBeforeResending).as("stopped before the end of the batch").isBetween(storedAtStop, (long) checkups.size() - 1);
			// nothing in part: of each check-up, every record is there or none is
			Map<String, Integer> before = StoredRecords.copies(second.fhirBaseUrl(), records);
			for (String checkup : checkups) {
				List<String> itsRecords = GeneratedCommune.recordsOf(List.of(checkup)).entrySet().stream()
						.flatMap(type -> type.getValue().stream().map(id -> type.getKey() + " " + id)).toList();
				long present = itsRecords.stream().filter(before::containsKey).count();
				assertThat(present).as("records of one check-up stored").isIn(0L, (long) itsRecords.size());
			}
			HttpResponse<String> again = post(second, AN_CUU.staffToken(), batch);

			assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
			JsonNode entries = GeneratedCommune.parse(again.body()).path("entry");
			assertThat(entries).hasSize(checkups.size());
			entries.forEach(e -> assertThat(e.path("response").path("status").asText()).as(e.toString()).isEqualTo("200 OK"));
			Map<String, Integer> copies = StoredRecords.copies(second.fhirBaseUrl(), records);
			assertThat(copies).hasSize(records.values().stream().mapToInt(Set::size).sum())
					.allSatisfy((record, n) -> assertThat(n).as(record).isEqualTo(1));
		} finally {
			second.close();
		}
		// the cut-off request ended one way or another (error, or an answer with failures); it did not hang
		assertThat(cutOff.handle((answer, failure) -> true).get()).isTrue();
	}

	/** How many of the batch's check-ups are stored: their Encounters, found by station record number. */
	private static long encounters(TestApplication server) throws Exception {
		Map<String, TreeSet<String>> encounters = Map.of("Encounter", GeneratedCommune.recordsOf(AN_CUU.checkups()).get("Encounter"));
		return StoredRecords.copies(server.fhirBaseUrl(), encounters).size();
	}

	private HttpResponse<String> post(TestApplication server, String token, String body) throws Exception {
		return http.send(request(server, token, body), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(TestApplication server, String token, String body) {
		return HttpRequest.newBuilder(URI.create(server.fhirBaseUrl()))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build();
	}
}
