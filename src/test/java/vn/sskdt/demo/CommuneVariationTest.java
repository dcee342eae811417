package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Communes differ: with enough residents per commune (12,000 in five communes of Hải Phòng, two of
 * them island special zones), coverage computed per commune from the bundles stays within the
 * brief's ranges and varies from one commune to the next.
 */
class CommuneVariationTest {

	private static final List<String> COMMUNES = List.of("10507", "10756", "11113", "11914", "11948");
	private final Generated g = Generated.of(new ProvinceGenerator.Options(11, 12000, "31", 2025, 1, COMMUNES));
	private static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);

	@Test
	void coveragePerCommuneIsWithinTheRangesAndVaries() {
		Map<String, int[]> immunized = new HashMap<>();
		Map<String, int[]> insured = new HashMap<>();
		Map<String, int[]> checked = new HashMap<>();
		for (Generated.Resident r : g.facts().residents.values()) {
			LocalDate birthday = r.born.plusYears(1);
			if (!birthday.isAfter(LAST_DAY) && r.born.isAfter(LocalDate.of(2019, 1, 1)) && r.aliveOn(birthday)) {
				boolean full = r.dosesBefore("bcg", birthday) >= 1 && r.dosesBefore("penta", birthday) >= 3 && r.dosesBefore("opv", birthday) >= 3
						&& r.dosesBefore("ipv", birthday) >= 1 && r.dosesBefore("measles", birthday) >= 1;
				add(immunized, r.commune, full);
			}
			if (r.aliveOn(LAST_DAY)) {
				add(insured, r.commune, r.insuredOn(LAST_DAY));
				add(checked, r.commune, !r.encounters.isEmpty());
			}
		}
		assertThat(g.facts().organizations).hasSize(COMMUNES.size());
		assertThat(g.facts().residents.values()).allSatisfy(r -> assertThat(COMMUNES).contains(r.commune));
		assertThat(immunized).containsOnlyKeys(COMMUNES);
		DoubleSummaryStatistics fic = rates(immunized, 40);
		assertThat(fic.getMin()).isGreaterThanOrEqualTo(0.80);
		assertThat(fic.getMax()).isLessThanOrEqualTo(1.0);
		DoubleSummaryStatistics bhyt = rates(insured, 500);
		assertThat(bhyt.getMin()).isGreaterThanOrEqualTo(0.92);
		assertThat(bhyt.getMax()).isLessThanOrEqualTo(0.99);
		DoubleSummaryStatistics checkups = rates(checked, 500);
		assertThat(checkups.getMax() - checkups.getMin()).as("check-up coverage varies by commune").isGreaterThan(0.02);
		assertThat(fic.getMax() - fic.getMin()).as("immunization coverage varies by commune").isGreaterThan(0.01);
	}

	private static void add(Map<String, int[]> counts, String commune, boolean yes) {
		int[] c = counts.computeIfAbsent(commune, k -> new int[2]);
		c[0] += yes ? 1 : 0;
		c[1]++;
	}

	/** Rates of the communes with enough people to judge (at least four of the five). */
	private static DoubleSummaryStatistics rates(Map<String, int[]> counts, int minimumDenominator) {
		DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
		counts.forEach((commune, c) -> {
			if (c[1] >= minimumDenominator) {
				stats.accept(c[0] / (double) c[1]);
			}
		});
		assertThat(stats.getCount()).isGreaterThanOrEqualTo(4);
		return stats;
	}

	@Test
	void onlyTheChosenCommunesAreSimulated() {
		Generated ward = Generated.of(new ProvinceGenerator.Options(31, 30, "46", 2025, 1, List.of("19789")));
		assertThat(ward.facts().organizations).singleElement()
				.satisfies(o -> assertThat(o.path("identifier").path(0).path("value").asText()).isEqualTo("46004"));
		assertThat(ward.facts().residents.values()).allSatisfy(r -> assertThat(r.commune).isEqualTo("19789"));
	}

	@Test
	void islandResidentsAreCheckedUnderTheirPriorityGroup() {
		List<String> groups = new ArrayList<>();
		for (String line : g.lines()) {
			JsonNode entries = Generated.parse(line).path("entry");
			JsonNode encounter = entries.path(1).path("resource");
			if (!encounter.path("resourceType").asText().equals("Encounter")) {
				continue;
			}
			String commune = entries.path(0).path("resource").path("address").path(0).path("extension").path(1).path("valueCoding").path("code").asText();
			boolean island = commune.equals("11914") || commune.equals("11948");
			List<String> encounterGroups = new ArrayList<>();
			for (JsonNode extension : encounter.path("extension")) {
				encounterGroups.add(extension.path("valueCodeableConcept").path("coding").path(0).path("code").asText());
			}
			String type = encounter.path("type").path(0).path("coding").path(0).path("code").asText();
			if (type.equals("free-screening") || type.equals("annual-free")) {
				// everyone of an island commune belongs to its priority group; nobody else does
				assertThat(encounterGroups.contains("island-commune")).as(commune + " " + encounterGroups).isEqualTo(island);
			} else {
				assertThat(encounterGroups).as("school and occupational check-ups name no priority group").isEmpty();
			}
			encounterGroups.forEach(group -> groups.add(commune + " " + group));
		}
		assertThat(groups).contains("11914 island-commune", "11948 island-commune").anyMatch(s -> s.endsWith("elderly"));
	}
}
