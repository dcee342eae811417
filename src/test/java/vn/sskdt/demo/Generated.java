package vn.sskdt.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated province held in memory, and what its bundles say, read back from the NDJSON alone
 * (never from the generator's internal state): the facts a server would store.
 */
final class Generated {

	static final ObjectMapper JSON = new ObjectMapper();
	private static final Map<ProvinceGenerator.Options, Generated> CACHE = new HashMap<>();

	final ProvinceGenerator.Options options;
	final byte[] bundleBytes;
	final byte[] truthBytes;
	final ProvinceGenerator.Summary summary;
	private List<String> lines;
	private Facts facts;
	private JsonNode truth;

	private Generated(ProvinceGenerator.Options options) {
		this.options = options;
		ByteArrayOutputStream bundles = new ByteArrayOutputStream();
		ByteArrayOutputStream truthOut = new ByteArrayOutputStream();
		try {
			summary = new ProvinceGenerator(options).write(bundles, truthOut);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		bundleBytes = bundles.toByteArray();
		truthBytes = truthOut.toByteArray();
	}

	/** Generated once per JVM for the same options. */
	static synchronized Generated of(ProvinceGenerator.Options options) {
		return CACHE.computeIfAbsent(options, Generated::new);
	}

	/** The test province of the brief: 1,000 residents of Huế in 2025. */
	static Generated hue1000() {
		return of(new ProvinceGenerator.Options(20260101L, 1000, "46", 2025));
	}

	synchronized List<String> lines() {
		if (lines == null) {
			String all = new String(bundleBytes, StandardCharsets.UTF_8);
			if (!all.endsWith("\n")) {
				throw new AssertionError("the NDJSON does not end with a newline");
			}
			lines = List.of(all.substring(0, all.length() - 1).split("\n", -1));
		}
		return lines;
	}

	synchronized JsonNode truth() {
		if (truth == null) {
			try {
				truth = JSON.readTree(truthBytes);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return truth;
	}

	synchronized Facts facts() {
		if (facts == null) {
			facts = new Facts(lines());
		}
		return facts;
	}

	static JsonNode parse(String line) {
		try {
			return JSON.readTree(line);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** What the bundles tell about each resident, keyed by personal ID. */
	static final class Facts {
		final Map<String, Resident> residents = new LinkedHashMap<>();
		final List<JsonNode> organizations = new ArrayList<>();

		/** Residents on the first simulated day: everyone born before it (nobody dies before it). */
		List<Resident> initialResidents(LocalDate firstDay) {
			return residents.values().stream().filter(r -> r.born.isBefore(firstDay)).toList();
		}

		Facts(List<String> lines) {
			for (String line : lines) {
				JsonNode bundle = parse(line);
				JsonNode entries = bundle.path("entry");
				JsonNode first = entries.path(0).path("resource");
				if ("Organization".equals(first.path("resourceType").asText())) {
					organizations.add(first);
					continue;
				}
				String id = first.path("identifier").path(0).path("value").asText();
				Resident r = residents.computeIfAbsent(id, k -> new Resident(first));
				if (first.has("deceasedDateTime")) {
					r.deceased = LocalDate.parse(first.path("deceasedDateTime").asText().substring(0, 10));
				}
				r.bundles++;
				for (int k = 1; k < entries.size(); k++) {
					JsonNode resource = entries.path(k).path("resource");
					switch (resource.path("resourceType").asText()) {
						case "Immunization" -> r.doses.add(new Dose(resource.path("vaccineCode").path("coding").path(0).path("code").asText(),
								LocalDate.parse(resource.path("occurrenceDateTime").asText().substring(0, 10))));
						case "Encounter" -> r.encounters.add(new Visit(resource.path("type").path(0).path("coding").path(0).path("code").asText(),
								LocalDate.parse(resource.path("period").path("start").asText().substring(0, 10))));
						case "Coverage" -> r.cards.put(stationRecord(resource), resource);
						case "RelatedPerson" -> r.guardians.put(stationRecord(resource), resource);
						case "Observation" -> {
							String code = resource.path("code").path("coding").path(0).path("code").asText();
							r.observations.add(resource);
							if ("8302-2".equals(code)) {
								r.heights.add(new Height(LocalDate.parse(resource.path("effectiveDateTime").asText().substring(0, 10)),
										resource.path("valueQuantity").path("value").decimalValue()));
							}
						}
						default -> throw new AssertionError("unexpected " + resource.path("resourceType").asText());
					}
				}
			}
		}

		static String stationRecord(JsonNode resource) {
			for (JsonNode identifier : resource.path("identifier")) {
				if (SubmissionContract.STATION_RECORD.equals(identifier.path("system").asText())) {
					return identifier.path("value").asText();
				}
			}
			throw new AssertionError("no station record identifier in " + resource);
		}
	}

	record Dose(String vaccine, LocalDate date) {}

	record Visit(String type, LocalDate date) {}

	record Height(LocalDate date, java.math.BigDecimal cm) {}

	static final class Resident {
		final String personalId;
		final LocalDate born;
		final String gender;
		final String commune;
		final String ethnicity;
		LocalDate deceased;
		int bundles;
		final List<Dose> doses = new ArrayList<>();
		final List<Visit> encounters = new ArrayList<>();
		final Map<String, JsonNode> cards = new LinkedHashMap<>();
		final Map<String, JsonNode> guardians = new LinkedHashMap<>();
		final List<JsonNode> observations = new ArrayList<>();
		final List<Height> heights = new ArrayList<>();

		Resident(JsonNode patient) {
			personalId = patient.path("identifier").path(0).path("value").asText();
			born = LocalDate.parse(patient.path("birthDate").asText());
			gender = patient.path("gender").asText();
			String communeCode = null;
			for (JsonNode extension : patient.path("address").path(0).path("extension")) {
				if (extension.path("url").asText().endsWith("/vn-commune")) {
					communeCode = extension.path("valueCoding").path("code").asText();
				}
			}
			commune = communeCode;
			ethnicity = patient.path("extension").path(0).path("valueCoding").path("code").asText();
		}

		boolean aliveOn(LocalDate day) {
			return !born.isAfter(day) && (deceased == null || deceased.isAfter(day));
		}

		int ageOn(LocalDate day) {
			return java.time.Period.between(born, day).getYears();
		}

		long dosesBefore(String vaccine, LocalDate day) {
			return doses.stream().filter(d -> d.vaccine().equals(vaccine) && d.date().isBefore(day)).count();
		}

		boolean insuredOn(LocalDate day) {
			for (JsonNode card : cards.values()) {
				LocalDate start = LocalDate.parse(card.path("period").path("start").asText());
				String end = card.path("period").path("end").asText(null);
				if (!start.isAfter(day) && (end == null || !LocalDate.parse(end).isBefore(day))
						&& "active".equals(card.path("status").asText())) {
					return true;
				}
			}
			return false;
		}
	}
}
