package vn.sskdt.demo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The true value of each indicator of domain.md §5, per commune and for the province, per simulated
 * year, computed from the same facts the bundles carry, so a server that stores every bundle and
 * counts by the definitions below finds exactly these numbers. Written as {@code truth.json}.
 *
 * <p>Common terms. <i>Resident of commune C</i>: the commune of the Patient's address (residents do
 * not move in the simulation). <i>Alive on day D</i>: birthDate ≤ D and no deceasedDateTime ≤ D.
 * <i>Year Y</i>: 1 January – 31 December, local dates (UTC+7). A dose counts when an Immunization
 * with status completed and that national vaccine code ({@code vn-vaccine}) exists, whatever its dose
 * number, and "before day D" means its occurrence date (local) is earlier than D; no check of
 * minimum ages or intervals.
 */
final class Truth {

	/** The working definition of "fully immunized" (domain.md §4): vaccine and number of doses before the 1st birthday. */
	static final Map<Vaccine, Integer> FULL_DOSE_SET = new LinkedHashMap<>();

	static {
		FULL_DOSE_SET.put(Vaccine.BCG, 1);
		FULL_DOSE_SET.put(Vaccine.PENTA, 3);
		FULL_DOSE_SET.put(Vaccine.OPV, 3);
		FULL_DOSE_SET.put(Vaccine.IPV, 1);
		FULL_DOSE_SET.put(Vaccine.MEASLES, 1);
	}

	/** An indicator: id, definition, and whether a server can compute it from the bundles alone. */
	enum Indicator {
		FULLY_IMMUNIZED("fully-immunized-1y", true,
				"Denominator: residents of the area whose 1st birthday falls in year Y and who are alive on it. Numerator: those of"
						+ " them with, before the 1st birthday, BCG x1, penta (DPT-VGB-Hib) x3, OPV x3, IPV x1 and measles x1."),
		HEPB_BIRTH("antigen-hepb-birth-24h", true,
				"Denominator: residents of the area born in year Y (live births, including those who died later). Numerator:"
						+ " those of them with a hepb-birth dose dated on the day of birth or the day after."),
		BCG("antigen-bcg", true, "Cohort of fully-immunized-1y. Numerator: BCG x1 before the 1st birthday."),
		PENTA3("antigen-penta3", true, "Cohort of fully-immunized-1y. Numerator: penta x3 before the 1st birthday."),
		OPV3("antigen-opv3", true, "Cohort of fully-immunized-1y. Numerator: OPV x3 before the 1st birthday."),
		IPV1("antigen-ipv1", true, "Cohort of fully-immunized-1y. Numerator: IPV x1 before the 1st birthday."),
		MEASLES1("antigen-measles1", true, "Cohort of fully-immunized-1y. Numerator: measles x1 before the 1st birthday."),
		MR("antigen-mr-2y", true,
				"Denominator: residents of the area whose 2nd birthday falls in year Y and who are alive on it. Numerator: those"
						+ " of them with measles-rubella (mr) x1 before the 2nd birthday."),
		DPT4("antigen-dpt4-2y", true, "Cohort of antigen-mr-2y. Numerator: dpt-booster x1 before the 2nd birthday."),
		CHECKUP("checkup-annual", true,
				"Denominator: residents of the area alive on 31 December of Y. Numerator: those of them with at least one"
						+ " finished check-up Encounter (vn-checkup-type annual-free, free-screening, school or occupational)"
						+ " whose period.start is in Y."),
		CHECKUP_PRIORITY("checkup-annual-priority", false,
				"As checkup-annual, restricted to residents who belong on 31 December of Y to at least one priority group of"
						+ " vn-target-group other than general (elderly = 60 or older). Group membership is known to the"
						+ " generator; a server only sees it on the Encounters of those who came."),
		BHYT("bhyt-active", true,
				"Denominator: residents of the area alive on 31 December of Y (the reference date). Numerator: those of them"
						+ " with a Coverage (status active, BHYT) whose period contains the reference date (no end = open)."),
		HEALTH_BOOK("ehb-created", true,
				"Denominator: residents of the area alive on 31 December of Y. Numerator: those of them with at least one"
						+ " Encounter whose period.start is on or before 31 December of Y (since the first simulated day)."),
		PUPILS("pupils-checked", false,
				"School year Y-(Y+1). Denominator: pupils enrolled that school year (grade 1 = the year a child turns 6, grade"
						+ " 12 = turns 17, unless they left school), resident in the area and alive on 5 September of Y; enrolment"
						+ " is known to the generator only. Numerator: those of them with a school check-up Encounter from 1"
						+ " September of Y to 31 May of Y+1."),
		HEIGHT("height-1-18", true,
				"Per sex and single year of age (completed years at the check-up, 1 to 18): numerator = sum of the body heights"
						+ " (cm, as sent) measured at check-ups whose period.start is in Y, denominator = number of those"
						+ " children (one check-up a year each), mean = numerator / denominator.");

		final String id;
		final boolean computableFromBundles;
		final String definition;

		Indicator(String id, boolean computableFromBundles, String definition) {
			this.id = id;
			this.computableFromBundles = computableFromBundles;
			this.definition = definition;
		}
	}

	private final int firstYear;
	private final int years;
	private final int communes;
	/** [indicator][year][commune] */
	private final long[][][] numerator;
	private final long[][][] denominator;
	/** (year, commune, sex, age) → {count, sum of heights in tenths of a cm} */
	private final Map<Long, long[]> heights = new TreeMap<>();

	Truth(int firstYear, int years, int communes) {
		this.firstYear = firstYear;
		this.years = years;
		this.communes = communes;
		numerator = new long[Indicator.values().length][years][communes];
		denominator = new long[Indicator.values().length][years][communes];
	}

	void count(Indicator indicator, int year, int commune, boolean inNumerator) {
		int y = year - firstYear;
		if (y < 0 || y >= years) {
			return;
		}
		denominator[indicator.ordinal()][y][commune]++;
		if (inNumerator) {
			numerator[indicator.ordinal()][y][commune]++;
		}
	}

	void height(int year, int commune, int sex, int age, int heightTenths) {
		long key = (((long) (year - firstYear) * communes + commune) * 2 + sex) * 32 + age;
		long[] cell = heights.computeIfAbsent(key, k -> new long[2]);
		cell[0]++;
		cell[1] += heightTenths;
	}

	long numerator(Indicator indicator, int year, int commune) {
		return numerator[indicator.ordinal()][year - firstYear][commune];
	}

	long denominator(Indicator indicator, int year, int commune) {
		return denominator[indicator.ordinal()][year - firstYear][commune];
	}

	/** Writes truth.json: the generator's parameters, the definitions, then one row per line. */
	void write(OutputStream out, Map<String, Object> generator, AdminUnits.Province province, List<CommuneProfile> profiles)
			throws IOException {
		JsonFactory factory = new JsonFactory();
		try (JsonGenerator j = factory.createGenerator(out, JsonEncoding.UTF8)) {
			j.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
			j.writeStartObject();
			j.writeRaw("\n");
			j.writeObjectFieldStart("generator");
			for (Map.Entry<String, Object> e : generator.entrySet()) {
				j.writeFieldName(e.getKey());
				writeValue(j, e.getValue());
			}
			j.writeEndObject();
			j.writeRaw("\n");
			j.writeObjectFieldStart("definitions");
			j.writeStringField("common", "Area = commune (5-digit code) or province (2-digit code, all simulated communes). Resident of"
					+ " a commune = the commune of the Patient's address. Alive on day D = birthDate <= D and no deceasedDateTime <= D."
					+ " Year Y = 1 January to 31 December, local dates (UTC+7). A dose counts when a completed Immunization with that"
					+ " vn-vaccine code exists, whatever its dose number; 'before day D' compares its occurrence date with D; no check"
					+ " of minimum ages or intervals. Rows with computableFromBundles=false need facts the bundles do not carry.");
			for (Indicator indicator : Indicator.values()) {
				j.writeRaw("\n  ");
				j.writeObjectFieldStart(indicator.id);
				j.writeStringField("definition", indicator.definition);
				j.writeBooleanField("computableFromBundles", indicator.computableFromBundles);
				j.writeEndObject();
			}
			j.writeArrayFieldStart("fullyImmunizedDoseSet");
			for (Map.Entry<Vaccine, Integer> e : FULL_DOSE_SET.entrySet()) {
				j.writeStartObject();
				j.writeStringField("vaccine", e.getKey().code);
				j.writeNumberField("doses", e.getValue());
				j.writeEndObject();
			}
			j.writeEndArray();
			j.writeEndObject();
			j.writeRaw("\n");
			j.writeArrayFieldStart("rows");
			for (Indicator indicator : Indicator.values()) {
				if (indicator == Indicator.HEIGHT) {
					continue;
				}
				for (int y = 0; y < years; y++) {
					long totalNumerator = 0;
					long totalDenominator = 0;
					for (CommuneProfile c : profiles) {
						long n = numerator[indicator.ordinal()][y][c.index];
						long d = denominator[indicator.ordinal()][y][c.index];
						totalNumerator += n;
						totalDenominator += d;
						row(j, indicator, firstYear + y, "commune", c.commune.code(), n, d);
					}
					row(j, indicator, firstYear + y, "province", province.code(), totalNumerator, totalDenominator);
				}
			}
			writeHeights(j, province, profiles);
			j.writeRaw("\n");
			j.writeEndArray();
			j.writeRaw("\n");
			j.writeEndObject();
			j.writeRaw("\n");
		}
	}

	private void writeHeights(JsonGenerator j, AdminUnits.Province province, List<CommuneProfile> profiles) throws IOException {
		Map<Long, long[]> provinceTotals = new TreeMap<>();
		for (Map.Entry<Long, long[]> e : heights.entrySet()) {
			long key = e.getKey();
			int age = (int) (key % 32);
			int sex = (int) (key / 32 % 2);
			int commune = (int) (key / 64 % communes);
			int y = (int) (key / 64 / communes);
			heightRow(j, firstYear + y, "commune", profiles.get(commune).commune.code(), sex, age, e.getValue());
			long[] total = provinceTotals.computeIfAbsent(((long) y * 2 + sex) * 32 + age, k -> new long[2]);
			total[0] += e.getValue()[0];
			total[1] += e.getValue()[1];
		}
		for (Map.Entry<Long, long[]> e : provinceTotals.entrySet()) {
			long key = e.getKey();
			heightRow(j, firstYear + (int) (key / 64), "province", province.code(), (int) (key / 32 % 2), (int) (key % 32), e.getValue());
		}
	}

	private static void row(JsonGenerator j, Indicator indicator, int year, String level, String area, long n, long d) throws IOException {
		j.writeRaw("\n  ");
		j.writeStartObject();
		j.writeStringField("indicator", indicator.id);
		j.writeNumberField("year", year);
		j.writeStringField("level", level);
		j.writeStringField("area", area);
		j.writeNumberField("numerator", n);
		j.writeNumberField("denominator", d);
		j.writeEndObject();
	}

	private static void heightRow(JsonGenerator j, int year, String level, String area, int sex, int age, long[] cell) throws IOException {
		j.writeRaw("\n  ");
		j.writeStartObject();
		j.writeStringField("indicator", Indicator.HEIGHT.id);
		j.writeNumberField("year", year);
		j.writeStringField("level", level);
		j.writeStringField("area", area);
		j.writeStringField("sex", sex == 0 ? "male" : "female");
		j.writeNumberField("age", age);
		BigDecimal sum = BigDecimal.valueOf(cell[1], 1);
		j.writeNumberField("numerator", sum);
		j.writeNumberField("denominator", cell[0]);
		j.writeNumberField("mean", sum.divide(BigDecimal.valueOf(cell[0]), 2, java.math.RoundingMode.HALF_EVEN));
		j.writeEndObject();
	}

	private static void writeValue(JsonGenerator j, Object value) throws IOException {
		if (value instanceof Number n && !(value instanceof Double)) {
			j.writeNumber(n.longValue());
		} else if (value instanceof Double d) {
			j.writeNumber(d);
		} else if (value instanceof Boolean b) {
			j.writeBoolean(b);
		} else if (value instanceof Map<?, ?> map) {
			j.writeStartObject();
			for (Map.Entry<?, ?> e : map.entrySet()) {
				j.writeFieldName(String.valueOf(e.getKey()));
				writeValue(j, e.getValue());
			}
			j.writeEndObject();
		} else if (value instanceof List<?> list) {
			j.writeStartArray();
			for (Object o : list) {
				writeValue(j, o);
			}
			j.writeEndArray();
		} else {
			j.writeString(String.valueOf(value));
		}
	}
}
