package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.GeneratedCommune;
import vn.sskdt.support.StoredRecords;
import vn.sskdt.support.TestTokens;

/**
 * Offline sync in one request (docs/submitting-checkups.md): a station sends a day's check-ups as a
 * batch of transactions; good ones are stored, each refused one is reported at its place, and
 * sending the batch again, one after the other or at the same moment, stores nothing twice.
 */
class BatchSyncTest extends FhirServerTest {

	/** Phường An Cựu (station 46007 of the generator): no other test writes there. */
	private static final GeneratedCommune AN_CUU = GeneratedCommune.of(7, 260, "19815");
	private static final int BROKEN_GENDER = 4; // 422: sex contradicts the personal ID
	private static final int BROKEN_ENCOUNTER = 20; // 422: an Encounter without its required status
	private static final int OTHER_COMMUNE = 37; // 403: the resident lives in Thuận Hóa, not An Cựu

	private static boolean stationRegistered;

	@BeforeEach
	void station() throws Exception {
		if (!stationRegistered) { // a station is registered once by an administrator, not by its staff
			for (String station : AN_CUU.stationBundles) {
				assertThat(postJson("/fhir", station).statusCode()).isEqualTo(200);
			}
			stationRegistered = true;
		}
	}

	@Test
	void fiftyCheckupsWithThreeBadOnesStoreFortySevenAndReportTheThree() throws Exception {
		List<String> checkups = new ArrayList<>(AN_CUU.checkups().subList(0, 50));
		checkups.set(BROKEN_GENDER, withPatient(checkups.get(BROKEN_GENDER), p -> p.put("gender",
				"male".equals(p.path("gender").asText()) ? "female" : "male")));
		checkups.set(BROKEN_ENCOUNTER, withEncounter(checkups.get(BROKEN_ENCOUNTER), e -> e.remove("status")));
		checkups.set(OTHER_COMMUNE, withPatient(checkups.get(OTHER_COMMUNE), p -> p.path("address").path(0).path("extension")
				.forEach(e -> {
					if (e.path("url").asText().endsWith("/vn-commune")) {
						((ObjectNode) e.path("valueCoding")).put("code", "19789");
					}
				})));
		assertThat(checkups.get(OTHER_COMMUNE)).contains("\"code\":\"19789\"");

		HttpResponse<String> answer = sync(checkups);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode response = GeneratedCommune.parse(answer.body());
		assertThat(response.path("type").asText()).isEqualTo("batch-response");
		JsonNode entries = response.path("entry");
		assertThat(entries).hasSize(50);
		for (int i = 0; i < 50; i++) {
			JsonNode entry = entries.path(i);
			String status = entry.path("response").path("status").asText();
			if (i == BROKEN_GENDER || i == BROKEN_ENCOUNTER || i == OTHER_COMMUNE) {
				continue;
			}
			assertThat(status).as("check-up %d: %s", i, entry).isEqualTo("200 OK");
			assertThat(entry.path("resource").path("type").asText()).isEqualTo("transaction-response");
			assertThat(entry.path("resource").path("entry")).as("one answer per record")
					.hasSize(GeneratedCommune.resources(checkups.get(i)).size());
		}
		assertRefused(entries.path(BROKEN_GENDER), "422 Unprocessable Entity", "Bundle.entry[" + BROKEN_GENDER + "].resource.entry[0].resource");
		assertRefused(entries.path(BROKEN_ENCOUNTER), "422 Unprocessable Entity", "Bundle.entry[" + BROKEN_ENCOUNTER + "].resource.entry[1].resource");
		assertRefused(entries.path(OTHER_COMMUNE), "403 Forbidden", "Bundle.entry[" + OTHER_COMMUNE + "]");

		List<String> good = new ArrayList<>(checkups);
		List<String> bad = List.of(checkups.get(BROKEN_GENDER), checkups.get(BROKEN_ENCOUNTER), checkups.get(OTHER_COMMUNE));
		good.removeAll(bad);
		assertThat(good).hasSize(47);
		assertStoredOnce(good);
		assertThat(StoredRecords.copies(baseUrl(), GeneratedCommune.recordsOf(bad))).as("nothing of a refused check-up").isEmpty();
	}

	@Test
	void theSameBatchResentOneAfterTheOtherAndAtOnceLeavesOneCopy() throws Exception {
		List<String> checkups = AN_CUU.checkups().subList(50, 80);

		HttpResponse<String> first = sync(checkups);
		assertAllStored(first, checkups.size());
		assertAllStored(sync(checkups), checkups.size());
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<Callable<HttpResponse<String>>> atOnce = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			atOnce.add(() -> sync(checkups));
		}
		for (Future<HttpResponse<String>> answer : pool.invokeAll(atOnce)) {
			assertAllStored(answer.get(), checkups.size());
		}
		pool.shutdown();

		assertStoredOnce(checkups);
	}

	@Test
	void aBatchMixingTransactionsWithPlainEntriesIsRefusedWhole() throws Exception {
		String batch = GeneratedCommune.batchOf(AN_CUU.checkups().subList(80, 81));
		ObjectNode mixed = GeneratedCommune.parse(batch);
		ObjectNode plain = mixed.withArray("entry").addObject();
		plain.set("resource", GeneratedCommune.resources(AN_CUU.checkups().get(81)).get(0));
		plain.putObject("request").put("method", "POST").put("url", "Patient");

		HttpResponse<String> answer = sendAs(AN_CUU.staffToken(), HttpRequest.newBuilder(uri("/fhir"))
				.header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(mixed.toString())));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("OperationOutcome").contains("Bundle.entry[1]");
		assertThat(StoredRecords.copies(baseUrl(), GeneratedCommune.recordsOf(AN_CUU.checkups().subList(80, 82)))).isEmpty();
	}

	@Test
	void aCitizenCannotSyncAnything() throws Exception {
		List<String> checkups = AN_CUU.checkups().subList(82, 84);
		HttpResponse<String> answer = sendAs(TestTokens.citizen("046185001234"), HttpRequest.newBuilder(uri("/fhir"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(GeneratedCommune.batchOf(checkups))));

		assertThat(answer.statusCode()).isEqualTo(200);
		for (JsonNode entry : GeneratedCommune.parse(answer.body()).path("entry")) {
			assertThat(entry.path("response").path("status").asText()).isEqualTo("403 Forbidden");
		}
		assertThat(StoredRecords.copies(baseUrl(), GeneratedCommune.recordsOf(checkups))).isEmpty();
	}

	@Test
	void eachCheckupOfABatchIsInItsResidentsAuditTrail() throws Exception {
		String checkup = AN_CUU.checkups().get(84);
		String cccd = GeneratedCommune.resources(checkup).get(0).path("identifier").path(0).path("value").asText();

		HttpResponse<String> answer = sync(List.of(checkup));

		assertAllStored(answer, 1);
		String patient = GeneratedCommune.parse(answer.body()).path("entry").path(0).path("resource").path("entry").path(0)
				.path("response").path("location").asText().replaceAll("/_history/.*", "");
		assertThat(patient).startsWith("Patient/");
		String citizen = TestTokens.citizen(cccd); // the resident reads who wrote in their book
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5)).pollInterval(java.time.Duration.ofMillis(300))
				.untilAsserted(() -> {
					HttpResponse<String> trail = sendAs(citizen, HttpRequest.newBuilder(
							uri("/fhir/AuditEvent?" + patient.replace("Patient/", "patient=") + "&_count=200")));
					assertThat(trail.statusCode()).isEqualTo(200);
					assertThat(GeneratedCommune.parse(trail.body()).path("entry").findValues("resource")).anySatisfy(event -> {
						assertThat(event.path("action").asText()).isIn("C", "U");
						assertThat(event.path("agent").toString()).contains("station-staff").contains(AN_CUU.facility);
					});
				});
	}

	private HttpResponse<String> sync(List<String> checkups) throws Exception {
		return sendAs(AN_CUU.staffToken(), HttpRequest.newBuilder(uri("/fhir"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(GeneratedCommune.batchOf(checkups))));
	}

	private static void assertAllStored(HttpResponse<String> answer, int checkups) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode entries = GeneratedCommune.parse(answer.body()).path("entry");
		assertThat(entries).hasSize(checkups);
		entries.forEach(entry -> assertThat(entry.path("response").path("status").asText()).as(entry.toString()).isEqualTo("200 OK"));
	}

	private static void assertRefused(JsonNode entry, String status, String location) {
		assertThat(entry.path("response").path("status").asText()).as(entry.toString()).isEqualTo(status);
		JsonNode issues = entry.path("response").path("outcome").path("issue");
		assertThat(issues).as(entry.toString()).isNotEmpty();
		assertThat(issues.findValues("expression").stream().flatMap(e -> java.util.stream.StreamSupport.stream(e.spliterator(), false))
				.map(JsonNode::asText)).as(entry.toString()).anyMatch(e -> e.startsWith(location));
		assertThat(entry.has("resource")).isFalse();
	}

	private void assertStoredOnce(List<String> checkups) throws Exception {
		Map<String, TreeSet<String>> records = GeneratedCommune.recordsOf(checkups);
		Map<String, Integer> copies = StoredRecords.copies(baseUrl(), records);
		int expected = records.values().stream().mapToInt(Set::size).sum();
		assertThat(copies).hasSize(expected).allSatisfy((record, n) -> assertThat(n).as(record).isEqualTo(1));
	}

	private static String withPatient(String bundle, java.util.function.Consumer<ObjectNode> change) {
		ObjectNode parsed = GeneratedCommune.parse(bundle);
		change.accept((ObjectNode) parsed.path("entry").path(0).path("resource"));
		return parsed.toString();
	}

	private static String withEncounter(String bundle, java.util.function.Consumer<ObjectNode> change) {
		ObjectNode parsed = GeneratedCommune.parse(bundle);
		JsonNode encounter = parsed.path("entry").path(1).path("resource");
		assertThat(encounter.path("resourceType").asText()).isEqualTo("Encounter");
		change.accept((ObjectNode) encounter);
		return parsed.toString();
	}
}
