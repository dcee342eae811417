package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/**
 * The loader against the server, signed in as a service account: a generated commune is stored
 * completely, every record exactly once, and sending it all again changes nothing. Failures are
 * reported with their line.
 */
class ProvinceLoaderTest extends FhirServerTest {

	/** 16 residents of one ward of Huế: about 60 bundles of every kind. */
	private final Generated commune = Generated.of(new ProvinceGenerator.Options(31, 16, "46", 2025, 1, List.of("19789")));

	private ProvinceLoader.Result load(byte[] ndjson, StringWriter failures) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		// a bulk load is a back-end job: a service account with system/*.cruds
		ProvinceLoader loader = new ProvinceLoader(URI.create("http://localhost:" + port), 4, TestTokens.system("system/*.cruds"),
				new PrintStream(log, true), failures);
		return loader.load(new ByteArrayInputStream(ndjson));
	}

	@Test
	void storesEveryRecordOnceAndAResubmissionChangesNothing() throws Exception {
		ProvinceLoader.Result first = load(commune.bundleBytes, null);
		assertThat(first.failures()).isEmpty();
		assertThat(first.sent()).isEqualTo(commune.lines().size()).isEqualTo(first.stored());

		Map<String, String> versions = storedOnce();
		assertThat(versions).hasSizeGreaterThan(100);

		ProvinceLoader.Result again = load(commune.bundleBytes, null);
		assertThat(again.failures()).isEmpty();
		assertThat(storedOnce()).as("same records, same versions").isEqualTo(versions);
	}

	/** Every record of the file (by personal ID or station record number) is on the server exactly once; its version. */
	private Map<String, String> storedOnce() throws Exception {
		Map<String, Set<String>> identifiersByType = new TreeMap<>();
		for (String line : commune.lines()) {
			for (JsonNode entry : Generated.parse(line).path("entry")) {
				JsonNode resource = entry.path("resource");
				String type = resource.path("resourceType").asText();
				String identifier = switch (type) {
					case "Patient" -> SubmissionContract.CCCD + "|" + resource.path("identifier").path(0).path("value").asText();
					case "Organization" -> SubmissionContract.FACILITY + "|" + resource.path("identifier").path(0).path("value").asText();
					default -> SubmissionContract.STATION_RECORD + "|" + Generated.Facts.stationRecord(resource);
				};
				identifiersByType.computeIfAbsent(type, k -> new TreeSet<>()).add(identifier);
			}
		}
		Map<String, String> versions = new TreeMap<>();
		for (Map.Entry<String, Set<String>> type : identifiersByType.entrySet()) {
			// one search per type: identifier=a,b,c… (any of them), as a form so the list may be long
			String form = "identifier=" + URLEncoder.encode(String.join(",", type.getValue()), StandardCharsets.UTF_8) + "&_count=1000";
			JsonNode found = Generated.parse(send(HttpRequest.newBuilder(uri("/fhir/" + type.getKey() + "/_search"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))).body());
			Map<String, Integer> copies = new TreeMap<>();
			for (JsonNode entry : found.path("entry")) {
				JsonNode resource = entry.path("resource");
				for (JsonNode identifier : resource.path("identifier")) {
					String key = identifier.path("system").asText() + "|" + identifier.path("value").asText();
					if (type.getValue().contains(key)) {
						copies.merge(key, 1, Integer::sum);
						versions.put(type.getKey() + " " + key, resource.path("meta").path("versionId").asText());
					}
				}
			}
			assertThat(copies).as(type.getKey()).hasSize(type.getValue().size()).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
		}
		return versions;
	}

	@Test
	void reportsWhatTheServerRefusedWithItsLine() throws Exception {
		List<String> lines = commune.lines();
		ObjectNode broken = (ObjectNode) Generated.parse(lines.get(5));
		ObjectNode patient = (ObjectNode) broken.path("entry").path(0).path("resource");
		patient.put("gender", patient.path("gender").asText().equals("male") ? "female" : "male"); // contradicts the personal ID
		String file = lines.get(0) + "\n" + broken + "\n";
		StringWriter failures = new StringWriter();

		ProvinceLoader.Result result = load(file.getBytes(StandardCharsets.UTF_8), failures);

		assertThat(result.stored()).isEqualTo(1);
		assertThat(result.failures()).singleElement().satisfies(f -> {
			assertThat(f.line()).isEqualTo(2);
			assertThat(f.status()).isEqualTo(422);
			assertThat(f.message()).contains("vn-pat-3");
		});
		assertThat(failures.toString()).contains("\"line\":2").contains("\"status\":422");
	}

	@Test
	void findsTheResidentOfABundle() {
		assertThat(ProvinceLoader.residentOf(commune.lines().get(0))).isNull();
		assertThat(ProvinceLoader.residentOf(commune.lines().get(1))).matches(SubmissionContract.CCCD + "\\|[0-9]{12}");
	}
}
