package vn.sskdt.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import vn.sskdt.demo.ProvinceGenerator;
import vn.sskdt.demo.SubmissionContract;

/**
 * One commune of Huế as its station would submit it, made by the synthetic province generator
 * (docs/synthetic-province.md): the station's registration bundle and the residents' transaction
 * Bundles, as JSON text in submission order. Generated once per JVM for the same options.
 */
public final class GeneratedCommune {

	public static final ObjectMapper JSON = new ObjectMapper();
	private static final Map<String, GeneratedCommune> CACHE = new HashMap<>();

	public final String commune;
	/** the generator's facility code of the commune's station (province code + position in the list) */
	public final String facility;
	public final List<String> stationBundles = new ArrayList<>();
	public final List<String> residentBundles = new ArrayList<>();

	private GeneratedCommune(long seed, int residents, String commune) {
		this.commune = commune;
		ByteArrayOutputStream bundles = new ByteArrayOutputStream();
		try {
			new ProvinceGenerator(new ProvinceGenerator.Options(seed, residents, "46", 2025, 1, List.of(commune)))
					.write(bundles, OutputStream.nullOutputStream());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		String facilityCode = null;
		for (String line : new String(bundles.toByteArray(), StandardCharsets.UTF_8).split("\n")) {
			JsonNode first = parse(line).path("entry").path(0).path("resource");
			if ("Organization".equals(first.path("resourceType").asText())) {
				stationBundles.add(line);
				facilityCode = first.path("identifier").path(0).path("value").asText();
			} else if (!line.isBlank()) {
				residentBundles.add(line);
			}
		}
		this.facility = facilityCode;
	}

	/** {@code residents} residents of {@code commune} (a 5-digit code of Huế) in 2025. */
	public static synchronized GeneratedCommune of(long seed, int residents, String commune) {
		return CACHE.computeIfAbsent(seed + "/" + residents + "/" + commune, k -> new GeneratedCommune(seed, residents, commune));
	}

	/** The bundles of check-ups (those with an Encounter): each self-contained, the resident included. */
	public List<String> checkups() {
		return residentBundles.stream().filter(line -> resources(line).stream()
				.anyMatch(r -> "Encounter".equals(r.path("resourceType").asText()))).toList();
	}

	/** A station staff token of this commune's station. */
	public String staffToken() {
		return TestTokens.staff(facility, commune);
	}

	/** A {@code batch} Bundle whose entries are the given transaction Bundles, as docs/submitting-checkups.md shows. */
	public static String batchOf(List<String> transactions) {
		ObjectNode batch = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "batch");
		for (String transaction : transactions) {
			ObjectNode entry = batch.withArray("entry").addObject();
			entry.set("resource", parse(transaction));
			entry.putObject("request").put("method", "POST").put("url", "/");
		}
		return batch.toString();
	}

	/**
	 * What the bundles store, by resource type: the personal ID of each Patient, the facility code of
	 * each Organization and the station record identifier of everything else, as {@code system|value}.
	 */
	public static Map<String, TreeSet<String>> recordsOf(List<String> bundles) {
		Map<String, TreeSet<String>> byType = new TreeMap<>();
		for (String bundle : bundles) {
			for (JsonNode resource : resources(bundle)) {
				String type = resource.path("resourceType").asText();
				byType.computeIfAbsent(type, k -> new TreeSet<>()).add(recordOf(resource));
			}
		}
		return byType;
	}

	private static String recordOf(JsonNode resource) {
		String wanted = switch (resource.path("resourceType").asText()) {
			case "Patient" -> SubmissionContract.CCCD;
			case "Organization" -> SubmissionContract.FACILITY;
			default -> SubmissionContract.STATION_RECORD;
		};
		for (JsonNode identifier : resource.path("identifier")) {
			if (wanted.equals(identifier.path("system").asText())) {
				return wanted + "|" + identifier.path("value").asText();
			}
		}
		throw new AssertionError("no " + wanted + " identifier in " + resource);
	}

	public static List<JsonNode> resources(String bundle) {
		List<JsonNode> resources = new ArrayList<>();
		parse(bundle).path("entry").forEach(entry -> resources.add(entry.path("resource")));
		return resources;
	}

	public static ObjectNode parse(String json) {
		try {
			return (ObjectNode) JSON.readTree(json);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
