package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.sskdt.demo.ProvinceGenerator;
import vn.sskdt.support.GeneratedCommune;

/** The conversion alone (no server): ids, references, levels, and what it leaves out. */
class BundleToNdjsonTest {

	static final ProvinceGenerator.Options ONE_COMMUNE =
			new ProvinceGenerator.Options(7L, 60, "92", 2025, 1, List.of("31120"));

	@TempDir
	Path work;

	@Test
	void everyReferenceOfAFilePointsAtAResourceOfALowerLevel() throws Exception {
		List<BundleToNdjson.Output> outputs = convert(generated(), Map.of()).outputs;
		Map<String, Integer> levelOf = new TreeMap<>();
		List<JsonNode> all = new ArrayList<>();
		for (BundleToNdjson.Output output : outputs) {
			for (String line : Files.readAllLines(output.file())) {
				JsonNode resource = GeneratedCommune.parse(line);
				assertThat(levelOf.put(resource.path("resourceType").asText() + "/" + resource.path("id").asText(), output.level()))
						.as("written once: " + resource.path("id").asText()).isNull();
				all.add(resource);
			}
		}
		for (JsonNode resource : all) {
			int level = levelOf.get(resource.path("resourceType").asText() + "/" + resource.path("id").asText());
			for (JsonNode reference : resource.findValues("reference")) {
				assertThat(levelOf).as(reference.asText()).containsKey(reference.asText());
				assertThat(levelOf.get(reference.asText())).as(reference.asText()).isLessThan(level);
			}
		}
		assertThat(outputs).extracting(BundleToNdjson.Output::level).contains(0, 1, 2, 3);
	}

	@Test
	void theSameKeyGivesTheSameIdsAndAnotherKeyOthers() throws Exception {
		String bundles = generated();
		Set<String> first = ids(convert(bundles, Map.of(), "first-key-of-16-chars"));
		Set<String> again = ids(convert(bundles, Map.of(), "first-key-of-16-chars"));
		Set<String> other = ids(convert(bundles, Map.of(), "another-key-16-chars"));
		assertThat(again).isEqualTo(first);
		assertThat(other).doesNotContainAnyElementsOf(first);
	}

	@Test
	void aStationTheServerHasKeepsItsIdAndIsNotWrittenAgain() throws Exception {
		String bundles = generated();
		String facility = GeneratedCommune.resources(bundles.lines().findFirst().orElseThrow()).get(0)
				.path("identifier").path(0).path("value").asText();
		Converted converted = convert(bundles, Map.of(facility, "station-already-there"));
		assertThat(converted.outputs).noneMatch(o -> o.type().equals("Organization"));
		String encounters = Files.readString(converted.outputs.stream().filter(o -> o.type().equals("Encounter"))
				.findFirst().orElseThrow().file());
		assertThat(encounters).contains("\"Organization/station-already-there\"");
	}

	@Test
	void aBundleThatCannotBeConvertedIsLeftOutAloneWithItsLine() throws Exception {
		List<String> lines = new ArrayList<>(generated().lines().toList());
		int vaccination = lines.indexOf(lines.stream().filter(l -> l.contains("\"occurrenceDateTime\"")).findFirst().orElseThrow());
		lines.set(vaccination, lines.get(vaccination).replaceFirst("\"occurrenceDateTime\":\"[^\"]*\"",
				"\"occurrenceDateTime\":\"2025-02-22T24:00:00+07:00\""));
		Converted converted = convert(String.join("\n", lines), Map.of());
		assertThat(converted.converter.rejected()).extracting(BundleToNdjson.Rejected::line).containsExactly((long) vaccination + 1);
		assertThat(converted.converter.bundles()).isEqualTo(lines.size() - 1);
	}

	private record Converted(BundleToNdjson converter, List<BundleToNdjson.Output> outputs) {}

	private Converted convert(String bundles, Map<String, String> stations) throws Exception {
		return convert(bundles, stations, "test-only-bulk-id-key");
	}

	private Converted convert(String bundles, Map<String, String> stations, String key) throws Exception {
		Path directory = Files.createTempDirectory(work, "ndjson");
		BundleToNdjson converter = new BundleToNdjson(FhirContext.forR4Cached(), new BulkIds(key),
				code -> Optional.ofNullable(stations.get(code)), directory);
		List<BundleToNdjson.Output> outputs = converter.convert(new ByteArrayInputStream(bundles.getBytes(StandardCharsets.UTF_8)));
		return new Converted(converter, outputs);
	}

	private static Set<String> ids(Converted converted) throws Exception {
		Set<String> ids = new HashSet<>();
		for (BundleToNdjson.Output output : converted.outputs) {
			for (String line : Files.readAllLines(output.file())) {
				ids.add(GeneratedCommune.parse(line).path("id").asText());
			}
		}
		return ids;
	}

	private static String generated() throws Exception {
		ByteArrayOutputStream bundles = new ByteArrayOutputStream();
		new ProvinceGenerator(ONE_COMMUNE).write(bundles, OutputStream.nullOutputStream());
		return bundles.toString(StandardCharsets.UTF_8);
	}
}
