package vn.sskdt.demo;

import java.util.SplittableRandom;

/**
 * What makes one commune differ from the next: size, terrain, who lives there, and how well its
 * station reaches people (vaccination, check-ups, insurance). Drawn once per commune from the seed.
 */
final class CommuneProfile {

	final int index;
	final AdminUnits.Commune commune;
	/** Commune station's facility code (mã cơ sở KCB): province code + 3 digits. */
	final String facilityCode;
	final double sizeWeight;
	final boolean mountain;
	final boolean disadvantaged;
	final boolean island;
	final double minorityShare;
	final int dominantMinority;
	final int secondMinority;
	/** Probability that a child is fully immunized by the first birthday (85–99 %). */
	final double vaccination;
	/** Probability that the hepatitis B birth dose is given within 24 h. */
	final double hepbTimely;
	/** Base probability of an annual check-up under the free programme (priority groups). */
	final double checkup;
	/** Probability that an enrolled pupil gets the school check-up. */
	final double schoolCheck;
	/** Probability that a household (self-paid) card is renewed; other categories are nearly always insured. */
	final double householdInsurance;
	/** Crude birth rate per person-year. */
	final double birthRate;

	// minority groups of mountain areas (GSO codes) and national weights (thousands, 2019 census, rounded)
	private static final int[] MOUNTAIN_GROUPS = {2, 3, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31};
	private static final double[] MOUNTAIN_WEIGHTS = Rand.cumulative(
			1845, 1820, 1452, 1083, 1394, 891, 513, 398, 287, 212, 201, 200, 183, 149, 127, 146, 100, 94, 91, 67, 75, 63, 50, 90, 52);
	// minorities of the plains and towns: Hoa, Khơ-me, Chăm, Tày, Mường
	private static final int[] PLAINS_GROUPS = {4, 5, 17, 2, 6};
	private static final double[] PLAINS_WEIGHTS = Rand.cumulative(750, 500, 100, 200, 200);

	/**
	 * @param index   position among the simulated communes
	 * @param ordinal position in the province's list, which gives the station its facility code
	 */
	CommuneProfile(long seed, int index, int ordinal, String provinceCode, AdminUnits.Commune commune) {
		this.index = index;
		this.commune = commune;
		this.facilityCode = provinceCode + String.format(java.util.Locale.ROOT, "%03d", ordinal + 1);
		SplittableRandom r = Rand.stream(seed, Streams.COMMUNE, Long.parseLong(commune.code()));
		this.island = commune.isSpecialZone();
		this.mountain = !commune.isWard() && !island && r.nextDouble() < 0.15;
		this.disadvantaged = island || (mountain ? r.nextDouble() < 0.7 : !commune.isWard() && r.nextDouble() < 0.05);
		double typeWeight = commune.isWard() ? 1.4 : (island ? 0.3 : (mountain ? 0.6 : 1.0));
		this.sizeWeight = typeWeight * StrictMath.exp(0.45 * Rand.gaussian(r));
		if (mountain) {
			this.minorityShare = 0.35 + 0.6 * r.nextDouble();
			this.dominantMinority = MOUNTAIN_GROUPS[Rand.pick(r, MOUNTAIN_WEIGHTS)];
			this.secondMinority = MOUNTAIN_GROUPS[Rand.pick(r, MOUNTAIN_WEIGHTS)];
		} else {
			this.minorityShare = 0.03 * r.nextDouble();
			this.dominantMinority = PLAINS_GROUPS[Rand.pick(r, PLAINS_WEIGHTS)];
			this.secondMinority = PLAINS_GROUPS[Rand.pick(r, PLAINS_WEIGHTS)];
		}
		double reach = r.nextDouble(); // one station reaches people better than another, in everything
		this.vaccination = mountain ? 0.855 + 0.07 * mix(reach, r) : 0.87 + 0.115 * mix(reach, r);
		this.hepbTimely = (mountain ? 0.62 : 0.78) + 0.17 * mix(reach, r);
		this.checkup = (mountain ? 0.5 : 0.58) + 0.32 * mix(reach, r);
		this.schoolCheck = 0.86 + 0.12 * mix(reach, r);
		this.householdInsurance = 0.885 + 0.095 * mix(reach, r);
		this.birthRate = (mountain ? 0.0155 : (commune.isWard() ? 0.0115 : 0.0135)) + 0.003 * r.nextDouble();
	}

	/** Mostly the commune's general reach, partly independent per activity. */
	private static double mix(double reach, SplittableRandom r) {
		return 0.7 * reach + 0.3 * r.nextDouble();
	}

	int minorityGroup(SplittableRandom r) {
		return r.nextDouble() < 0.75 ? dominantMinority : secondMinority;
	}
}
