package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sskdt.demo.ProvinceGenerator;
import vn.sskdt.demo.SubmissionContract;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.GeneratedCommune;
import vn.sskdt.support.Indicators;
import vn.sskdt.support.StoredRecords;
import vn.sskdt.support.TestTokens;

/**
 * The bulk path of an initial load (docs/bulk-load.md), end to end over HTTP as a migration team runs
 * it: a synthetic province's bundles converted to NDJSON and imported with HAPI's {@code $import} by a
 * system account, then checked as any client would: every record once, the indicators equal to the
 * generator's truth, a REST resubmission recognized as a duplicate. Cần Thơ, so that it never mixes
 * with the residents of other tests (Huế, Hải Phòng).
 */
class BulkLoadTest extends FhirServerTest {

	static final ProvinceGenerator.Options CAN_THO =
			new ProvinceGenerator.Options(20261124L, 400, "92", 2025, 1, List.of("31120", "31135"));


	private static List<String> bundles;
	private static JsonNode truth;
	private static BulkLoad.Result loaded;

	@BeforeEach
	void loadOnce() throws Exception {
		if (loaded != null) {
			return;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream truthOut = new ByteArrayOutputStream();
		new ProvinceGenerator(CAN_THO).write(out, truthOut);
		truth = new ObjectMapper().readTree(truthOut.toByteArray());
		bundles = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
		Path work = Files.createTempDirectory("bulk-load-test");
		BulkLoad load = new BulkLoad(URI.create(baseUrl()), BulkLoadTest::system, "test-only-bulk-id-key", work, "127.0.0.1", 0, 800,
				Duration.ofSeconds(1), System.err);
		loaded = load.load(new ByteArrayInputStream(out.toByteArray()));
		assertThat(loaded.rejected()).as("bundles not loaded").isEmpty();
	}

	/** A system account's token, new at every request: a load on a busy machine outlives one (10 minutes). */
	static String system() {
		return TestTokens.system("openid system/*.cruds");
	}

	@Test
	void everyRecordIsStoredExactlyOnce() throws Exception {
		Map<String, TreeSet<String>> expected = GeneratedCommune.recordsOf(bundles);
		Map<String, Integer> copies = StoredRecords.copies(baseUrl(), expected);
		Map<String, Integer> once = new TreeMap<>();
		expected.forEach((type, records) -> records.forEach(r -> once.put(type + " " + r, 1)));
		assertThat(copies).isEqualTo(once);
		assertThat(expected.get("Patient")).as("residents, newborns included").hasSizeGreaterThanOrEqualTo(400);
		assertThat(loaded.resources()).as("resources imported").isEqualTo(once.size());
	}

	@Test
	void indicatorsEqualTheTruth() {
		Map<String, MeasureReport> reports = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : Indicators.evaluateAll(fhir, "92", 2025).getEntry()) {
			MeasureReport report = (MeasureReport) entry.getResource();
			String url = report.getMeasure().split("\\|")[0];
			reports.put(url.substring(url.lastIndexOf('/') + 1), report);
		}
		List<String> compared = new ArrayList<>();
		for (JsonNode row : truth.get("rows")) {
			String indicator = row.get("indicator").asText();
			if (!truth.get("definitions").path(indicator).path("computableFromBundles").asBoolean(false)
					|| indicator.equals("height-1-18")) {
				continue; // the mean height is by sex and age: the province's count of each suffices here
			}
			assertThat(reports).as("a Measure for " + indicator).containsKey(indicator);
			List<Long> counts = row.get("level").asText().equals("province")
					? Indicators.counts(reports.get(indicator))
					: List.of(Indicators.count(Indicators.stratum(reports.get(indicator), "commune", row.get("area").asText()), "numerator"),
							Indicators.count(Indicators.stratum(reports.get(indicator), "commune", row.get("area").asText()), "denominator"));
			assertThat(counts).as(indicator + " in " + row.get("area").asText())
					.containsExactly(row.get("numerator").asLong(), row.get("denominator").asLong());
			compared.add(indicator + "@" + row.get("area").asText());
		}
		assertThat(compared).as("indicators × (2 communes + the province)").hasSizeGreaterThanOrEqualTo(9 * 3);
	}

	@Test
	void aCheckupSubmittedAgainOverRestChangesNothing() throws Exception {
		String checkup = lastCheckupOfAResidentInTheirLastState();
		String cccd = GeneratedCommune.resources(checkup).get(0).path("identifier").findValues("value").stream()
				.map(JsonNode::asText).filter(v -> v.matches("\\d{12}")).findFirst().orElseThrow();

		Bundle answer = parse(Bundle.class, clientAs(system()).transaction().withBundle(checkup).execute());

		for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
			assertThat(entry.getResponse().getStatus()).as(entry.getResponse().getLocation()).startsWith("200");
		}
		Map<String, TreeSet<String>> records = GeneratedCommune.recordsOf(List.of(checkup));
		assertThat(StoredRecords.copies(baseUrl(), records).values()).containsOnly(1)
				.hasSize(records.values().stream().mapToInt(TreeSet::size).sum());
		Patient resident = (Patient) fhir.search().byUrl("Patient?identifier=" + SubmissionContract.CCCD + "|" + cccd)
				.returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
		assertThat(resident.getMeta().getVersionId()).as("the resident as imported, not updated").isEqualTo("1");
	}

	@ParameterizedTest
	@ValueSource(strings = {"station", "citizen", "analyst", "read-only system"})
	void onlyAccountsThatMayWriteEverythingMayImport(String who) throws Exception {
		String token = switch (who) {
			case "station" -> TestTokens.staff("92001", "31120");
			case "citizen" -> TestTokens.citizen("092195000001");
			case "analyst" -> TestTokens.analyst("92");
			default -> TestTokens.system("openid system/*.rs");
		};
		HttpResponse<String> answer = sendAs(token, HttpRequest.newBuilder(uri("/fhir/$import"))
				.header("Content-Type", "application/fhir+json")
				.header("Prefer", "respond-async")
				.POST(HttpRequest.BodyPublishers.ofString(importOf("http://127.0.0.1:1/ndjson/0-Patient.ndjson"))));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
		assertThat(GeneratedCommune.parse(answer.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
	}

	@Test
	void anImportOfAnotherFormatIsABadRequest() throws Exception {
		HttpResponse<String> answer = sendAs(system(), HttpRequest.newBuilder(uri("/fhir/$import"))
				.header("Content-Type", "application/fhir+json")
				.header("Prefer", "respond-async")
				.POST(HttpRequest.BodyPublishers.ofString(importOf("http://127.0.0.1:1/x.ndjson").replace("fhir+ndjson", "csv"))));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		assertThat(GeneratedCommune.parse(answer.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
	}

	private static String importOf(String url) {
		return """
				{"resourceType":"Parameters","parameter":[
				 {"name":"inputFormat","valueString":"application/fhir+ndjson"},
				 {"name":"input","part":[{"name":"type","valueString":"Patient"},{"name":"url","valueUri":"%s"}]}]}
				""".formatted(url);
	}

	/** A check-up bundle whose resident is sent in the same state by every later bundle (no death after it). */
	private static String lastCheckupOfAResidentInTheirLastState() {
		Map<String, String> lastState = new HashMap<>();
		for (String bundle : bundles) {
			JsonNode first = GeneratedCommune.resources(bundle).get(0);
			if ("Patient".equals(first.path("resourceType").asText())) {
				lastState.put(first.path("identifier").toString(), first.toString());
			}
		}
		for (int i = bundles.size() - 1; i >= 0; i--) {
			List<JsonNode> resources = GeneratedCommune.resources(bundles.get(i));
			JsonNode resident = resources.get(0);
			if (resources.stream().anyMatch(r -> "Encounter".equals(r.path("resourceType").asText()))
					&& resident.toString().equals(lastState.get(resident.path("identifier").toString()))) {
				return bundles.get(i);
			}
		}
		throw new AssertionError("no check-up in the generated province");
	}
}
