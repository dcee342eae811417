package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.sskdt.citizen.GrowthStandard.Indicator;
import vn.sskdt.citizen.GrowthStandard.Sex;

/**
 * The calculator alone, at its edges (the HTTP cases are in {@link GrowthZScoresTest}). Expected values
 * are WHO's table values themselves: the median M has z = 0, and M(1 + L·S·k)^(1/L) has z = k.
 */
class GrowthStandardTest {

	private final GrowthStandard who = GrowthStandard.who();

	@Test
	void theMedianIsZeroAndTheSdCurvesAreWhole() {
		// weianthro boy day 0: L=0.3487 M=3.3464 S=0.14602
		assertThat(who.zScore(Indicator.WEIGHT_FOR_AGE, Sex.MALE, 0, 3.3464)).hasValueSatisfying(z -> assertThat(z).isEqualByComparingTo("0.00"));
		double sd2 = 3.3464 * Math.pow(1 + 0.3487 * 0.14602 * 2, 1 / 0.3487);
		double sd3 = 3.3464 * Math.pow(1 + 0.3487 * 0.14602 * 3, 1 / 0.3487);
		assertThat(who.zScore(Indicator.WEIGHT_FOR_AGE, Sex.MALE, 0, sd2)).hasValueSatisfying(z -> assertThat(z).isEqualByComparingTo("2.00"));
		assertThat(who.zScore(Indicator.WEIGHT_FOR_AGE, Sex.MALE, 0, sd3)).hasValueSatisfying(z -> assertThat(z).isEqualByComparingTo("3.00"));
		// beyond +3 the restricted scale: SD3 + (SD3 - SD2) is exactly z = 4
		assertThat(who.zScore(Indicator.WEIGHT_FOR_AGE, Sex.MALE, 0, sd3 + (sd3 - sd2)))
				.hasValueSatisfying(z -> assertThat(z).isEqualByComparingTo("4.00"));
	}

	@Test
	void from1827DaysTheReference2007IsInterpolatedBetweenMonths() {
		// 2557 days = 84.0082 months: hfawho2007 boy rows 84 and 85 interpolated give M = 121.7377 (worked
		// out by hand from the table, see GrowthZScoresTest case 7)
		assertThat(who.lms(Indicator.HEIGHT_FOR_AGE, Sex.MALE, 2557).orElseThrow().m()).isCloseTo(121.7377, org.assertj.core.data.Offset.offset(1e-4));
		// the last day of the 2006 standards is its own row (lenanthro girl day 1826: M = 109.4189)
		assertThat(who.lms(Indicator.HEIGHT_FOR_AGE, Sex.FEMALE, 1826).orElseThrow().m()).isEqualTo(109.4189);
	}

	@Test
	void outsideWhoAgesThereIsNoZScore() {
		assertThat(who.zScore(Indicator.WEIGHT_FOR_AGE, Sex.MALE, 121 * 31, 40)).isEmpty(); // past 10 years
		assertThat(who.zScore(Indicator.HEIGHT_FOR_AGE, Sex.MALE, 20 * 366, 170)).isEmpty(); // past 19 years
		assertThat(who.zScore(Indicator.BMI_FOR_AGE, Sex.FEMALE, -1, 15)).isEmpty(); // before birth
	}
}
