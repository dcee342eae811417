package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The test province (1,000 residents of Huế, 2025), judged from its bundles alone: the submission
 * contract, personal IDs, and distributions within the ranges of the brief.
 */
class GeneratedProvinceTest {

	private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
	private static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
	private static final Pattern STATION_RECORD = Pattern.compile("^(\\d{5})-[1-9][0-9]*$");
	private static final Set<Integer> OLD_PROVINCES = new HashSet<>();

	static {
		for (int code : PopulationBuilder.OLD_PROVINCE_CODES) {
			OLD_PROVINCES.add(code);
		}
	}

	private final Generated g = Generated.hue1000();
	private final Generated.Facts facts = g.facts();

	// ------------------------------------------------------------------ the contract

	@Test
	void stationsComeFirstAsConditionalUpdates() {
		List<String> lines = g.lines();
		int stations = AdminUnits.province("46").communes().size();
		assertThat(facts.organizations).hasSize(stations);
		for (int k = 0; k < lines.size(); k++) {
			JsonNode entries = Generated.parse(lines.get(k)).path("entry");
			boolean organization = entries.path(0).path("resource").path("resourceType").asText().equals("Organization");
			assertThat(organization).as("line %d", k).isEqualTo(k < stations);
			if (organization) {
				assertThat(entries).hasSize(1);
				String code = entries.path(0).path("resource").path("identifier").path(0).path("value").asText();
				assertThat(code).matches("46[0-9]{3}");
				assertThat(entries.path(0).path("request").path("method").asText()).isEqualTo("PUT");
				assertThat(entries.path(0).path("request").path("url").asText())
						.isEqualTo("Organization?identifier=http://fhir.hl7.org.vn/core/sid/ma-cskcb|" + code);
				assertThat(entries.path(0).path("fullUrl").asText()).matches("urn:uuid:[0-9a-f-]{36}");
			}
		}
	}

	@Test
	void everyBundleFollowsTheSubmissionContract() {
		Set<String> stations = new HashSet<>();
		facts.organizations.forEach(o -> stations.add(o.path("identifier").path(0).path("value").asText()));
		Map<String, String> recordContent = new HashMap<>();
		int repeatedCards = 0;
		for (String line : g.lines()) {
			JsonNode bundle = Generated.parse(line);
			assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
			assertThat(bundle.path("type").asText()).isEqualTo("transaction");
			JsonNode entries = bundle.path("entry");
			JsonNode first = entries.path(0);
			if (first.path("resource").path("resourceType").asText().equals("Organization")) {
				continue;
			}
			String personalId = first.path("resource").path("identifier").path(0).path("value").asText();
			assertThat(first.path("request").path("method").asText()).isEqualTo("PUT");
			assertThat(first.path("request").path("url").asText()).isEqualTo("Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd|" + personalId);
			String patientUrl = first.path("fullUrl").asText();
			assertThat(patientUrl).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
			Set<String> fullUrls = new HashSet<>();
			entries.forEach(e -> assertThat(fullUrls.add(e.path("fullUrl").asText())).as("fullUrl unique in bundle").isTrue());
			for (int k = 1; k < entries.size(); k++) {
				JsonNode entry = entries.path(k);
				JsonNode resource = entry.path("resource");
				String type = resource.path("resourceType").asText();
				String record = Generated.Facts.stationRecord(resource);
				java.util.regex.Matcher m = STATION_RECORD.matcher(record);
				assertThat(m.matches()).as(record).isTrue();
				assertThat(stations).contains(m.group(1));
				assertThat(entry.path("request").path("method").asText()).isEqualTo("POST");
				assertThat(entry.path("request").path("url").asText()).isEqualTo(type);
				assertThat(entry.path("request").path("ifNoneExist").asText())
						.isEqualTo("identifier=https://sskdt.vn/fhir/sid/station-record|" + record);
				com.fasterxml.jackson.databind.node.ObjectNode content = resource.deepCopy();
				content.remove(List.of("patient", "subject", "beneficiary")); // bundle-local urn:uuid
				String previous = recordContent.put(record, content.toString());
				if (previous != null) {
					// only a card is sent again (with a later check-up), and then unchanged
					assertThat(type).isEqualTo("Coverage");
					assertThat(previous).isEqualTo(content.toString());
					repeatedCards++;
				}
				// the resident is referred to by the Patient entry's urn:uuid; other urn:uuids point into the bundle
				for (String field : List.of("patient", "subject", "beneficiary")) {
					if (resource.has(field)) {
						assertThat(resource.path(field).path("reference").asText()).isEqualTo(patientUrl);
					}
				}
				references(resource, new ArrayList<>()).forEach(reference -> {
					if (reference.startsWith("urn:uuid:")) {
						assertThat(fullUrls).contains(reference);
					} else {
						assertThat(reference).startsWith("Organization?identifier=http://fhir.hl7.org.vn/core/sid/ma-cskcb|");
						assertThat(stations).contains(reference.substring(reference.indexOf('|') + 1));
					}
				});
			}
		}
		assertThat(repeatedCards).isPositive();
	}

	private static List<String> references(JsonNode node, List<String> found) {
		if (node.isObject()) {
			node.fields().forEachRemaining(f -> {
				if (f.getKey().equals("reference")) {
					found.add(f.getValue().asText());
				} else {
					references(f.getValue(), found);
				}
			});
		} else if (node.isArray()) {
			node.forEach(n -> references(n, found));
		}
		return found;
	}

	@Test
	void aResidentIsTheSamePatientInEveryBundleAndReportedDeadLast() {
		Map<String, String> patientById = new HashMap<>();
		Set<String> dead = new HashSet<>();
		for (String line : g.lines()) {
			JsonNode patient = Generated.parse(line).path("entry").path(0).path("resource");
			if (!patient.path("resourceType").asText().equals("Patient")) {
				continue;
			}
			String id = patient.path("identifier").path(0).path("value").asText();
			assertThat(dead).as("no bundle after the death of " + id).doesNotContain(id);
			if (patient.has("deceasedDateTime")) {
				dead.add(id);
				((com.fasterxml.jackson.databind.node.ObjectNode) patient).remove("deceasedDateTime");
			}
			assertThat(patient.path("address").path(0).path("line").path(0).asText()).matches("(Thôn|Tổ dân phố) [1-9][0-9]?");
			String previous = patientById.putIfAbsent(id, patient.toString());
			assertThat(previous == null || previous.equals(patient.toString())).as("same Patient for " + id).isTrue();
		}
		assertThat(dead).isNotEmpty();
	}

	@Test
	void bundlesAreInChronologicalOrderAfterTheInitialLoad() {
		List<LocalDate> dates = new ArrayList<>();
		for (String line : g.lines()) {
			dates.add(dateOf(Generated.parse(line)));
		}
		int lastOfInitialLoad = -1;
		for (int k = 0; k < dates.size(); k++) {
			if (dates.get(k) == null || dates.get(k).isBefore(FIRST_DAY)) {
				lastOfInitialLoad = k;
			}
		}
		assertThat(lastOfInitialLoad).isGreaterThan(1000);
		for (int k = lastOfInitialLoad + 2; k < dates.size(); k++) {
			assertThat(dates.get(k)).as("line %d", k).isAfterOrEqualTo(dates.get(k - 1)).isBeforeOrEqualTo(LAST_DAY);
		}
		for (int k = 0; k <= lastOfInitialLoad; k++) {
			assertThat(dates.get(k) == null || !dates.get(k).isAfter(FIRST_DAY)).as("line %d", k).isTrue();
		}
	}

	/** The day a bundle reports; null for the stations and for registrations of the initial load. */
	private static LocalDate dateOf(JsonNode bundle) {
		JsonNode entries = bundle.path("entry");
		JsonNode patient = entries.path(0).path("resource");
		if (!patient.path("resourceType").asText().equals("Patient")) {
			return null;
		}
		if (patient.has("deceasedDateTime")) {
			return LocalDate.parse(patient.path("deceasedDateTime").asText());
		}
		JsonNode second = entries.path(1).path("resource");
		switch (second.path("resourceType").asText()) {
			case "Encounter":
				return LocalDate.parse(second.path("period").path("start").asText().substring(0, 10));
			case "Immunization":
				return LocalDate.parse(second.path("occurrenceDateTime").asText().substring(0, 10));
			case "Coverage":
				if (entries.size() == 2 && LocalDate.parse(second.path("period").path("start").asText()).isAfter(FIRST_DAY)) {
					return LocalDate.parse(second.path("period").path("start").asText());
				}
				break;
			default:
				break;
		}
		LocalDate born = LocalDate.parse(patient.path("birthDate").asText());
		return born.isBefore(FIRST_DAY) ? null : born; // a registration: at birth, or in the initial load
	}

	// ------------------------------------------------------------------ personal IDs

	@Test
	void personalIdsAreValidAndUnique() {
		assertThat(facts.residents).hasSize(g.summary.initialResidents() + g.summary.births());
		for (Generated.Resident r : facts.residents.values()) {
			assertValidPersonalId(r.personalId, r.gender, r.born.getYear());
			// the 3-digit code is where the birth was registered: newborns of the period in this province
			if (!r.born.isBefore(FIRST_DAY)) {
				assertThat(r.personalId).startsWith("046");
			}
		}
		long bornHere = facts.residents.values().stream().filter(r -> r.personalId.startsWith("046")).count();
		assertThat(bornHere / (double) facts.residents.size()).isBetween(0.75, 0.95);
	}

	@Test
	void guardiansHaveValidPersonalIdsConsistentWithResidents() {
		int checked = 0;
		for (Generated.Resident child : facts.residents.values()) {
			for (JsonNode guardian : child.guardians.values()) {
				String id = guardian.path("identifier").path(0).path("value").asText();
				assertThat(guardian.path("identifier").path(0).path("system").asText()).isEqualTo(SubmissionContract.CCCD);
				assertThat(id).isNotEqualTo(child.personalId);
				String gender = guardian.path("gender").asText();
				String role = guardian.path("relationship").path(0).path("coding").path(0).path("code").asText();
				assertThat(role).isIn("MTH", "FTH", "GUARD");
				assertThat(guardian.path("relationship").path(0).path("coding").path(0).path("system").asText())
						.isEqualTo("http://terminology.hl7.org/CodeSystem/v3-RoleCode");
				if (!role.equals("GUARD")) {
					assertThat(gender).isEqualTo(role.equals("MTH") ? "female" : "male");
				}
				Generated.Resident resident = facts.residents.get(id);
				if (resident != null) { // a guardian living in the province is that resident
					assertThat(resident.gender).isEqualTo(gender);
					assertThat(resident.born).isBefore(child.born.minusYears(role.equals("GUARD") ? 30 : 16));
					checked++;
				}
				String year = id.substring(3, 4).compareTo("2") < 0 ? "19" + id.substring(4, 6) : "20" + id.substring(4, 6);
				assertValidPersonalId(id, gender, Integer.parseInt(year));
			}
		}
		assertThat(checked).isGreaterThan(200);
	}

	static void assertValidPersonalId(String id, String gender, int birthYear) {
		assertThat(id).matches("[0-9]{12}");
		assertThat(OLD_PROVINCES).as("province of birth registration of " + id).contains(Integer.parseInt(id.substring(0, 3)));
		int centurySex = id.charAt(3) - '0';
		assertThat(centurySex / 2 + 19).as("century of " + id).isEqualTo(birthYear / 100);
		assertThat(centurySex % 2 == 0).as("sex digit of " + id).isEqualTo(gender.equals("male"));
		assertThat(id.substring(4, 6)).isEqualTo(String.format("%02d", birthYear % 100));
	}

	// ------------------------------------------------------------------ distributions

	@Test
	void ageSexStructureBirthsAndDeathsAreVietnamese() {
		List<Generated.Resident> initial = facts.initialResidents(FIRST_DAY);
		assertThat(initial).hasSize(1000);
		double children = initial.stream().filter(r -> r.ageOn(FIRST_DAY) < 15).count() / 1000.0;
		double elderly = initial.stream().filter(r -> r.ageOn(FIRST_DAY) >= 65).count() / 1000.0;
		double men = initial.stream().filter(r -> r.gender.equals("male")).count() / 1000.0;
		assertThat(children).isBetween(0.19, 0.28);
		assertThat(elderly).isBetween(0.06, 0.13);
		assertThat(men).isBetween(0.45, 0.55);
		assertThat(initial).allSatisfy(r -> assertThat(r.ageOn(FIRST_DAY)).isBetween(0, 100));
		long births = facts.residents.values().stream().filter(r -> !r.born.isBefore(FIRST_DAY)).count();
		long deaths = facts.residents.values().stream().filter(r -> r.deceased != null).count();
		assertThat(births).isBetween(6L, 24L); // crude birth rate about 11–17 per 1,000
		assertThat(deaths).isBetween(1L, 15L); // crude death rate about 6 per 1,000
		double kinh = facts.residents.values().stream().filter(r -> r.ethnicity.equals("01")).count() / (double) facts.residents.size();
		assertThat(kinh).isBetween(0.8, 0.995);
	}

	@Test
	void insuranceCoversNinetyThreeToNinetyEightPercent() {
		List<Generated.Resident> alive = facts.residents.values().stream().filter(r -> r.aliveOn(LAST_DAY)).toList();
		double insured = alive.stream().filter(r -> r.insuredOn(LAST_DAY)).count() / (double) alive.size();
		assertThat(insured).isBetween(0.92, 0.99);
		double insuredAtStart = facts.initialResidents(FIRST_DAY).stream().filter(r -> r.insuredOn(FIRST_DAY)).count() / 1000.0;
		assertThat(insuredAtStart).isBetween(0.92, 0.99);
	}

	@Test
	void vaccinationFollowsTheScheduleWithRealisticGaps() {
		int cohort = 0;
		int full = 0;
		int late = 0;
		int early = 0;
		int timelyBirthDose = 0;
		int born = 0;
		for (Generated.Resident r : facts.residents.values()) {
			// dose numbers run 1, 2, 3 in date order per vaccine
			Map<String, Integer> seen = new HashMap<>();
			for (Generated.Dose d : r.doses) {
				seen.merge(d.vaccine(), 1, Integer::sum);
				assertThat(d.date()).isAfterOrEqualTo(r.born).isBeforeOrEqualTo(LAST_DAY);
			}
			if (r.doses.isEmpty() && r.born.isBefore(FIRST_DAY.minusYears(6))) {
				continue;
			}
			LocalDate birthday = r.born.plusYears(1);
			if (birthday.isAfter(LAST_DAY) || r.born.isBefore(FIRST_DAY.minusYears(6))) {
				continue;
			}
			if (!r.aliveOn(birthday)) {
				continue;
			}
			cohort++;
			boolean complete = r.dosesBefore("bcg", birthday) >= 1 && r.dosesBefore("penta", birthday) >= 3 && r.dosesBefore("opv", birthday) >= 3
					&& r.dosesBefore("ipv", birthday) >= 1 && r.dosesBefore("measles", birthday) >= 1;
			full += complete ? 1 : 0;
			born++;
			timelyBirthDose += r.dosesBefore("hepb-birth", r.born.plusDays(2)) > 0 ? 1 : 0;
			List<LocalDate> penta = r.doses.stream().filter(d -> d.vaccine().equals("penta")).map(Generated.Dose::date).sorted().toList();
			for (int k = 0; k < penta.size(); k++) {
				long age = penta.get(k).toEpochDay() - r.born.toEpochDay();
				long interval = k == 0 ? Long.MAX_VALUE : penta.get(k).toEpochDay() - penta.get(k - 1).toEpochDay();
				early += age < 42 || interval < 28 ? 1 : 0;
				late += age > 30 + 30 * (k + 1) + 30 ? 1 : 0;
			}
			LocalDate measles = r.doses.stream().filter(d -> d.vaccine().equals("measles")).map(Generated.Dose::date).findFirst().orElse(null);
			if (measles != null && measles.toEpochDay() - r.born.toEpochDay() < 270) {
				early++;
			}
		}
		assertThat(cohort).isGreaterThan(50);
		assertThat(full / (double) cohort).as("fully immunized by the 1st birthday").isBetween(0.82, 0.99);
		assertThat(full).isLessThan(cohort); // gaps exist
		assertThat(timelyBirthDose / (double) born).as("hepatitis B birth dose within 24 h").isBetween(0.6, 0.97);
		assertThat(late).as("doses more than a month late").isPositive();
		assertThat(early).as("doses before the minimum age or interval").isPositive();
	}

	@Test
	void checkupsReachSomeButNotAll() {
		List<Generated.Resident> alive = facts.residents.values().stream().filter(r -> r.aliveOn(LAST_DAY)).toList();
		double checked = alive.stream().filter(r -> !r.encounters.isEmpty()).count() / (double) alive.size();
		assertThat(checked).isBetween(0.25, 0.75);
		List<Generated.Resident> pupils = alive.stream().filter(r -> r.ageOn(LocalDate.of(2025, 9, 5)) >= 7 && r.ageOn(LocalDate.of(2025, 9, 5)) <= 13).toList();
		double schoolChecked = pupils.stream().filter(r -> r.encounters.stream().anyMatch(v -> v.type().equals("school"))).count() / (double) pupils.size();
		assertThat(schoolChecked).isBetween(0.75, 1.0);
		assertThat(alive).allSatisfy(r -> assertThat(r.encounters.size()).isLessThanOrEqualTo(1));
	}

	@Test
	void vitalSignsArePlausibleAndChildrenGrow() {
		List<Double> men = new ArrayList<>();
		List<Double> women = new ArrayList<>();
		double[] childSum = new double[3];
		int[] childCount = new int[3];
		for (Generated.Resident r : facts.residents.values()) {
			for (Generated.Height h : r.heights) {
				int age = r.ageOn(h.date());
				double cm = h.cm().doubleValue();
				if (age >= 25 && age < 50) {
					(r.gender.equals("male") ? men : women).add(cm);
				} else if (age >= 1 && age < 16) {
					childSum[(age - 1) / 5] += cm;
					childCount[(age - 1) / 5]++;
				}
			}
			Map<String, BigDecimal> values = new HashMap<>();
			for (JsonNode o : r.observations) {
				String code = o.path("code").path("coding").path(0).path("code").asText();
				if (o.has("valueQuantity")) {
					values.put(code, o.path("valueQuantity").path("value").decimalValue());
				}
				if (code.equals("85354-9")) {
					int systolic = o.path("component").path(0).path("valueQuantity").path("value").asInt();
					int diastolic = o.path("component").path(1).path("valueQuantity").path("value").asInt();
					assertThat(systolic).isBetween(60, 240).isGreaterThan(diastolic);
					assertThat(diastolic).isBetween(30, 150);
				}
			}
			if (values.containsKey("8302-2")) {
				double m = values.get("8302-2").doubleValue() / 100;
				double kg = values.get("29463-7").doubleValue();
				assertThat(kg).isBetween(2.0, 150.0);
				assertThat(values.get("39156-5").doubleValue()).isCloseTo(kg / (m * m), org.assertj.core.data.Offset.offset(0.06));
				assertThat(values.get("8867-4").intValue()).isBetween(45, 190);
			}
		}
		assertThat(men.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isBetween(161.0, 171.0);
		assertThat(women.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isBetween(149.0, 159.0);
		double[] means = IntStream.range(0, 3).mapToDouble(k -> childSum[k] / childCount[k]).toArray();
		assertThat(means[0]).isBetween(80.0, 112.0); // 1–5 years
		assertThat(means[1]).isBetween(112.0, 145.0).isGreaterThan(means[0]); // 6–10
		assertThat(means[2]).isBetween(138.0, 170.0).isGreaterThan(means[1]); // 11–15
	}

	@Test
	void childrenHaveTheirGuardiansRecorded() {
		int children = 0;
		int twoParents = 0;
		for (Generated.Resident r : facts.residents.values()) {
			boolean minorWhenRegistered = r.born.isAfter(FIRST_DAY.minusYears(18));
			if (minorWhenRegistered) {
				children++;
				assertThat(r.guardians).as("guardians of " + r.personalId).isNotEmpty();
				Set<String> roles = new HashSet<>();
				r.guardians.values().forEach(gd -> roles.add(gd.path("relationship").path(0).path("coding").path(0).path("code").asText()));
				twoParents += roles.containsAll(Set.of("MTH", "FTH")) ? 1 : 0;
			} else {
				assertThat(r.guardians).isEmpty();
			}
		}
		assertThat(twoParents / (double) children).isBetween(0.75, 0.95);
	}
}
