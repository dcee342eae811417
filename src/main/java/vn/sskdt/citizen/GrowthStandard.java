package vn.sskdt.citizen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * z-scores against the WHO Child Growth Standards (2006, 0–5 years, tables by age in days) and the
 * WHO Growth Reference 2007 (5–19 years, tables by age in months), from their LMS tables (copied into
 * {@code src/main/resources/who-growth}, provenance in its README). WHO's method, as in its anthro and
 * anthroplus software:
 * <ul>
 *   <li>up to 1826 days the 2006 table row of the age in whole days; beyond, the 2007 tables at the age
 *       in months (days / 30.4375), L, M and S interpolated linearly between whole months;
 *   <li>z = ((X/M)^L − 1) / (L·S), or ln(X/M)/S when L = 0;
 *   <li>weight-for-age and BMI-for-age only: beyond ±3 the distance is measured in units of the
 *       distance between SD 2 and SD 3 on that side (WHO's restriction of the skewed tails);
 *   <li>length under 731 days, height from 731 days (the table switches there); the measurement is
 *       taken as done in the position WHO expects for the age, since a body height Observation does not
 *       say whether the child was lying or standing.
 * </ul>
 * Weight-for-age stops at 10 years (120 months) and the others at 19 years (228 months): WHO publishes
 * no reference beyond. Results are rounded to two decimals, as WHO reports them.
 */
public final class GrowthStandard {

	public enum Indicator { HEIGHT_FOR_AGE, WEIGHT_FOR_AGE, BMI_FOR_AGE }

	public enum Sex { MALE, FEMALE }

	record Lms(double l, double m, double s) {}

	static final int LAST_DAY_OF_2006_STANDARDS = 1826;
	static final double DAYS_PER_MONTH = 30.4375;

	private final Map<String, Lms> rows = new HashMap<>();

	private GrowthStandard() {}

	/** The tables from the classpath. */
	public static GrowthStandard who() {
		GrowthStandard standard = new GrowthStandard();
		standard.load(Indicator.HEIGHT_FOR_AGE, "days", "lenanthro.txt");
		standard.load(Indicator.WEIGHT_FOR_AGE, "days", "weianthro.txt");
		standard.load(Indicator.BMI_FOR_AGE, "days", "bmianthro.txt");
		standard.load(Indicator.HEIGHT_FOR_AGE, "months", "hfawho2007.txt");
		standard.load(Indicator.WEIGHT_FOR_AGE, "months", "wfawho2007.txt");
		standard.load(Indicator.BMI_FOR_AGE, "months", "bfawho2007.txt");
		return standard;
	}

	/**
	 * The z-score of {@code value} (cm, kg or kg/m²) at {@code ageDays}, rounded to two decimals; empty
	 * outside the ages WHO covers for that indicator.
	 */
	public Optional<BigDecimal> zScore(Indicator indicator, Sex sex, long ageDays, double value) {
		Optional<Lms> lms = lms(indicator, sex, ageDays);
		return lms.map(p -> BigDecimal.valueOf(z(indicator, p, value)).setScale(2, RoundingMode.HALF_UP));
	}

	Optional<Lms> lms(Indicator indicator, Sex sex, long ageDays) {
		if (ageDays < 0) {
			return Optional.empty();
		}
		if (ageDays <= LAST_DAY_OF_2006_STANDARDS) {
			return Optional.ofNullable(rows.get(key(indicator, sex, "days", (int) ageDays)));
		}
		double months = ageDays / DAYS_PER_MONTH;
		int lower = (int) Math.floor(months);
		Lms low = rows.get(key(indicator, sex, "months", lower));
		Lms high = rows.get(key(indicator, sex, "months", lower + 1));
		double maxMonths = indicator == Indicator.WEIGHT_FOR_AGE ? 120 : 228;
		if (low == null || high == null || months > maxMonths) {
			return Optional.empty();
		}
		double f = months - lower;
		return Optional.of(new Lms(low.l() + f * (high.l() - low.l()), low.m() + f * (high.m() - low.m()),
				low.s() + f * (high.s() - low.s())));
	}

	static double z(Indicator indicator, Lms p, double y) {
		double z = raw(p, y);
		if (indicator == Indicator.HEIGHT_FOR_AGE || Math.abs(z) <= 3) {
			return z;
		}
		if (z > 3) {
			double sd3 = at(p, 3);
			return 3 + (y - sd3) / (sd3 - at(p, 2));
		}
		double sd3 = at(p, -3);
		return -3 + (y - sd3) / (at(p, -2) - sd3);
	}

	private static double raw(Lms p, double y) {
		return p.l() == 0 ? Math.log(y / p.m()) / p.s() : (Math.pow(y / p.m(), p.l()) - 1) / (p.l() * p.s());
	}

	/** The measurement at z-score {@code z}: M(1 + L·S·z)^(1/L). */
	private static double at(Lms p, double z) {
		return p.l() == 0 ? p.m() * Math.exp(p.s() * z) : p.m() * Math.pow(1 + p.l() * p.s() * z, 1 / p.l());
	}

	private void load(Indicator indicator, String ageUnit, String file) {
		try (InputStream in = GrowthStandard.class.getResourceAsStream("/who-growth/" + file)) {
			if (in == null) {
				throw new IllegalStateException("WHO table who-growth/" + file + " is not on the classpath");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			reader.readLine(); // header: sex age l m s [loh]
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				String[] f = line.trim().split("\\s+");
				if (f.length < 5) {
					continue;
				}
				Sex sex = "1".equals(f[0]) ? Sex.MALE : Sex.FEMALE;
				rows.put(key(indicator, sex, ageUnit, Integer.parseInt(f[1])),
						new Lms(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String key(Indicator indicator, Sex sex, String unit, int age) {
		return indicator + "/" + sex + "/" + unit + "/" + age;
	}
}
