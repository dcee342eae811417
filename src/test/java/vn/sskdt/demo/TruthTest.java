package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * truth.json agrees with the bundles: every indicator a server can compute is recomputed here from
 * the NDJSON alone, by the definitions written in truth.json, for every commune, the province and
 * every year. This is also a reference for the server's indicator code.
 */
class TruthTest {

	private static final Map<String, Integer> FULL = Map.of("bcg", 1, "penta", 3, "opv", 3, "ipv", 1, "measles", 1);

	@Test
	void oneYearOfHue() {
		assertTruthMatchesBundles(Generated.hue1000());
	}

	@Test
	void twoYearsIncludingTheFreeCheckupProgramme() {
		assertTruthMatchesBundles(Generated.of(new ProvinceGenerator.Options(5, 800, "46", 2026, 2, List.of())));
	}

	@Test
	void threeCommunesOfHaiPhong() {
		assertTruthMatchesBundles(Generated.of(new ProvinceGenerator.Options(9, 900, "31", 2025, 1, List.of("11914", "11948", "10507"))));
	}

	/** Recomputes the truth from the bundles, keyed "indicator year area [sex age]". */
	private static Map<String, String> recompute(Generated g) {
		JsonNode generator = g.truth().path("generator");
		int firstYear = generator.path("firstYear").asInt();
		int lastYear = generator.path("lastYear").asInt();
		String province = generator.path("province").asText();
		Map<String, long[]> counts = new TreeMap<>();
		Map<String, BigDecimal> heightSums = new TreeMap<>();
		for (Generated.Resident r : g.facts().residents.values()) {
			for (int year = firstYear; year <= lastYear; year++) {
				LocalDate december31 = LocalDate.of(year, 12, 31);
				int y = year;
				if (r.aliveOn(december31)) {
					boolean checked = r.encounters.stream().anyMatch(v -> v.date().getYear() == y);
					count(counts, "checkup-annual", year, r.commune, province, checked);
					count(counts, "bhyt-active", year, r.commune, province, r.insuredOn(december31));
					count(counts, "ehb-created", year, r.commune, province, r.encounters.stream().anyMatch(v -> !v.date().isAfter(december31)));
				}
				if (r.born.getYear() == year) {
					count(counts, "antigen-hepb-birth-24h", year, r.commune, province, r.dosesBefore("hepb-birth", r.born.plusDays(2)) >= 1);
				}
				for (Generated.Height h : r.heights) {
					int age = r.ageOn(h.date());
					if (h.date().getYear() == year && age >= 1 && age <= 18) {
						for (String area : List.of(r.commune, province)) {
							String key = "height-1-18 " + year + " " + area + " " + r.gender + " " + age;
							counts.computeIfAbsent(key, k -> new long[2])[1]++;
							heightSums.merge(key, h.cm(), BigDecimal::add);
						}
					}
				}
			}
			LocalDate birthday1 = r.born.plusYears(1);
			if (birthday1.getYear() >= firstYear && birthday1.getYear() <= lastYear && r.aliveOn(birthday1)) {
				int year = birthday1.getYear();
				boolean full = FULL.entrySet().stream().allMatch(e -> r.dosesBefore(e.getKey(), birthday1) >= e.getValue());
				count(counts, "fully-immunized-1y", year, r.commune, province, full);
				count(counts, "antigen-bcg", year, r.commune, province, r.dosesBefore("bcg", birthday1) >= 1);
				count(counts, "antigen-penta3", year, r.commune, province, r.dosesBefore("penta", birthday1) >= 3);
				count(counts, "antigen-opv3", year, r.commune, province, r.dosesBefore("opv", birthday1) >= 3);
				count(counts, "antigen-ipv1", year, r.commune, province, r.dosesBefore("ipv", birthday1) >= 1);
				count(counts, "antigen-measles1", year, r.commune, province, r.dosesBefore("measles", birthday1) >= 1);
			}
			LocalDate birthday2 = r.born.plusYears(2);
			if (birthday2.getYear() >= firstYear && birthday2.getYear() <= lastYear && r.aliveOn(birthday2)) {
				count(counts, "antigen-mr-2y", birthday2.getYear(), r.commune, province, r.dosesBefore("mr", birthday2) >= 1);
				count(counts, "antigen-dpt4-2y", birthday2.getYear(), r.commune, province, r.dosesBefore("dpt-booster", birthday2) >= 1);
			}
		}
		Map<String, String> result = new TreeMap<>();
		counts.forEach((key, c) -> result.put(key, key.startsWith("height") ? heightSums.get(key).toPlainString() + "/" + c[1] : c[0] + "/" + c[1]));
		return result;
	}

	private static void count(Map<String, long[]> counts, String indicator, int year, String commune, String province, boolean numerator) {
		for (String area : List.of(commune, province)) {
			long[] c = counts.computeIfAbsent(indicator + " " + year + " " + area, k -> new long[2]);
			c[0] += numerator ? 1 : 0;
			c[1]++;
		}
	}

	private static void assertTruthMatchesBundles(Generated g) {
		Map<String, String> recomputed = recompute(g);
		Map<String, String> claimed = new TreeMap<>();
		JsonNode definitions = g.truth().path("definitions");
		int rows = 0;
		for (JsonNode row : g.truth().path("rows")) {
			rows++;
			String indicator = row.path("indicator").asText();
			long numerator = row.path("numerator").asLong();
			long denominator = row.path("denominator").asLong();
			assertThat(definitions.has(indicator)).as("definition of " + indicator).isTrue();
			assertThat(numerator).as(row.toString()).isBetween(0L, indicator.startsWith("height") ? Long.MAX_VALUE : denominator);
			if (!definitions.path(indicator).path("computableFromBundles").asBoolean()) {
				continue;
			}
			String key = indicator + " " + row.path("year").asInt() + " " + row.path("area").asText()
					+ (row.has("sex") ? " " + row.path("sex").asText() + " " + row.path("age").asInt() : "");
			String value = row.has("sex") ? row.path("numerator").decimalValue().toPlainString() + "/" + denominator : numerator + "/" + denominator;
			if (denominator > 0) {
				claimed.put(key, value);
			}
		}
		assertThat(rows).isGreaterThan(100);
		assertThat(claimed).isEqualTo(recomputed);
		assertThat(claimed.keySet()).anyMatch(k -> k.startsWith("fully-immunized-1y")).anyMatch(k -> k.startsWith("height-1-18"))
				.anyMatch(k -> k.startsWith("antigen-mr-2y"));
	}

	@Test
	void indicatorsOnlyTheGeneratorKnowsAreSensible() {
		Generated g = Generated.of(new ProvinceGenerator.Options(5, 800, "46", 2026, 2, List.of()));
		Function<String, long[]> provinceRow = key -> {
			for (JsonNode row : g.truth().path("rows")) {
				if ((row.path("indicator").asText() + " " + row.path("year").asInt() + " " + row.path("level").asText()).equals(key)) {
					return new long[] {row.path("numerator").asLong(), row.path("denominator").asLong()};
				}
			}
			throw new AssertionError("no row " + key);
		};
		BiPredicate<long[], double[]> within = (c, range) -> c[1] > 0 && c[0] / (double) c[1] >= range[0] && c[0] / (double) c[1] <= range[1];
		assertThat(within.test(provinceRow.apply("pupils-checked 2025 province"), new double[] {0.8, 1.0})).isTrue();
		// the free annual check-up of priority groups starts in 2026
		long[] priority2025 = provinceRow.apply("checkup-annual-priority 2025 province");
		long[] priority2026 = provinceRow.apply("checkup-annual-priority 2026 province");
		assertThat(priority2026[0] / (double) priority2026[1]).isGreaterThan(priority2025[0] / (double) priority2025[1] + 0.15);
		assertThat(within.test(priority2026, new double[] {0.55, 0.97})).isTrue();
	}
}
