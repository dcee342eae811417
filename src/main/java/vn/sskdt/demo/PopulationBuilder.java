package vn.sskdt.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the residents of the province on the first day of the simulated period (age pyramid of
 * Vietnam around 2025, households with guardians for children), then its births and deaths day by day
 * until the last day. Deterministic from the seed.
 */
final class PopulationBuilder {

	/** Five-year age bands 0–4 … 80–84 and 85+, percent of the population (Vietnam, ~2024–2025). */
	private static final double[] PYRAMID = {7.0, 7.8, 8.0, 6.9, 6.6, 7.4, 8.2, 8.0, 7.4, 6.8, 6.0, 5.4, 4.7, 3.7, 2.5, 1.5, 0.9, 0.9};
	private static final double[] PYRAMID_CUMULATIVE = Rand.cumulative(PYRAMID);
	static final int MAX_AGE = 100;

	/** The 63 province codes used before 2025, which personal IDs keep (3 digits with a leading 0). */
	static final int[] OLD_PROVINCE_CODES = {
		1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
		46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
		93, 94, 95, 96
	};

	private final long seed;
	private final int provinceCode;
	private final List<CommuneProfile> communes;
	private final int firstDay;
	private final int lastDay;
	private final Population p = new Population();
	private final int[] serialCounters = new int[1_000_000];
	private int[] lastChild = new int[0];

	// residents of the first day by (commune, sex, birth year), for finding parents and partners
	private int minYear;
	private int years;
	private int[] bucketStart;
	private int[] bucketMembers;

	PopulationBuilder(long seed, String provinceCode, List<CommuneProfile> communes, int firstDay, int lastDay) {
		this.seed = seed;
		this.provinceCode = Integer.parseInt(provinceCode);
		this.communes = communes;
		this.firstDay = firstDay;
		this.lastDay = lastDay;
	}

	Population build(int residents) {
		int[] perCommune = communeSizes(residents);
		for (CommuneProfile c : communes) {
			for (int k = 0; k < perCommune[c.index]; k++) {
				initialResident(c);
			}
		}
		buildBuckets();
		linkChildren();
		for (int year = Population.year(firstDay); year <= Population.year(lastDay); year++) {
			simulateYear(year);
		}
		return p;
	}

	// ------------------------------------------------------------------ the first day

	private int[] communeSizes(int residents) {
		double total = 0;
		for (CommuneProfile c : communes) {
			total += c.sizeWeight;
		}
		int[] sizes = new int[communes.size()];
		double[] remainders = new double[communes.size()];
		int assigned = 0;
		for (CommuneProfile c : communes) {
			double exact = residents * c.sizeWeight / total;
			sizes[c.index] = (int) exact;
			remainders[c.index] = exact - sizes[c.index];
			assigned += sizes[c.index];
		}
		// largest remainders get the rest, ties by commune order
		Integer[] order = new Integer[communes.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
		for (int k = 0; assigned < residents; k++, assigned++) {
			sizes[order[k % order.length]]++;
		}
		return sizes;
	}

	private void initialResident(CommuneProfile c) {
		int i = p.add();
		SplittableRandom r = Rand.stream(seed, Streams.RESIDENT, i);
		int band = Rand.pick(r, PYRAMID_CUMULATIVE);
		double age = band < 17 ? band * 5 + 5 * r.nextDouble() : Math.min(MAX_AGE - 0.01, 85 - 5 * StrictMath.log(1 - r.nextDouble()));
		int born = firstDay - (int) (age * 365.25) - 1;
		p.birth[i] = born;
		p.sex[i] = (byte) (r.nextDouble() < maleShare((int) age) ? 0 : 1);
		p.commune[i] = (short) c.index;
		describe(i, c, r, (int) age);
		boolean bornHere = r.nextDouble() < 0.85;
		int oldProvince = bornHere ? provinceCode : OLD_PROVINCE_CODES[r.nextInt(OLD_PROVINCE_CODES.length)];
		p.cccd[i] = personalId(oldProvince, p.sex[i], Population.year(born));
	}

	private static double maleShare(int age) {
		if (age < 20) {
			return 0.525;
		} else if (age < 50) {
			return 0.505;
		} else if (age < 65) {
			return 0.48;
		} else if (age < 80) {
			return 0.43;
		}
		return 0.36;
	}

	/** Ethnicity, name and circumstances of a resident of this age (on the first day, or newborn). */
	private void describe(int i, CommuneProfile c, SplittableRandom r, int age) {
		boolean female = p.female(i);
		p.ethnicity[i] = (byte) (r.nextDouble() < c.minorityShare ? c.minorityGroup(r) : 1);
		p.family[i] = (byte) Names.family(r);
		p.middle[i] = (byte) Names.middle(r, female);
		p.given[i] = (byte) Names.given(r, female);
		int flags = 0;
		double poor = c.mountain ? 0.14 : (c.disadvantaged ? 0.08 : (c.commune.isWard() ? 0.01 : 0.03));
		double nearPoor = c.mountain ? 0.10 : (c.commune.isWard() ? 0.015 : 0.04);
		double u = r.nextDouble();
		flags |= u < poor ? Population.POOR : (u < poor + nearPoor ? Population.NEAR_POOR : 0);
		if (r.nextDouble() < (age >= 60 ? 0.10 : 0.02)) {
			flags |= Population.DISABILITY;
		}
		if (r.nextDouble() < (age >= 40 ? Math.min(0.5, 0.1 + 0.01 * (age - 40)) : (age >= 18 ? 0.04 : 0.0))) {
			flags |= Population.CHRONIC;
		}
		if (age >= 18 && r.nextDouble() < (Population.year(firstDay) - age <= 1960 ? 0.05 : 0.003)) {
			flags |= Population.MERITORIOUS;
		}
		boolean formal = r.nextDouble() < (c.commune.isWard() ? 0.45 : 0.25);
		if (formal) {
			flags |= Population.FORMAL_JOB;
		}
		if (r.nextDouble() < (formal ? 0.9 : (c.commune.isWard() ? 0.2 : 0.08))) {
			flags |= Population.PENSION;
		}
		p.flags[i] = flags;
		double leave = r.nextDouble();
		double early = c.mountain ? 2.0 : 1.0;
		p.schoolLeaveAge[i] = (byte) (leave < 0.01 * early ? 6 : leave < 0.05 * early ? 11 : leave < 0.25 * early ? 15 : 18);
	}

	/** A unique 12-digit personal ID: old province code, century and sex, year of birth, serial. */
	private long personalId(int oldProvince, int sex, int birthYear) {
		int centurySex = (birthYear >= 2000 ? 2 : 0) + sex;
		int prefix = oldProvince * 1000 + centurySex * 100 + birthYear % 100;
		int k = serialCounters[prefix]++;
		if (k >= 1_000_000) {
			throw new IllegalStateException("more than a million personal IDs for prefix " + prefix);
		}
		// an affine permutation of 0..999999 per prefix: unique, yet not sequential
		long mixed = Rand.mix(seed, Streams.CCCD, prefix);
		long a = (mixed >>> 1) % 500_000 * 2 + 1;
		if (a % 5 == 0) {
			a += 2;
		}
		long b = (mixed >>> 33) % 1_000_000;
		long serial = (a * k + b) % 1_000_000;
		return (long) prefix * 1_000_000 + serial;
	}

	// ------------------------------------------------------------------ households

	private void buildBuckets() {
		minYear = Population.year(firstDay) - MAX_AGE - 1;
		years = Population.year(lastDay) - minYear + 2;
		int buckets = communes.size() * 2 * years;
		bucketStart = new int[buckets + 1];
		int n = p.size;
		for (int i = 0; i < n; i++) {
			bucketStart[bucket(p.commune[i], p.sex[i], Population.year(p.birth[i])) + 1]++;
		}
		for (int b = 0; b < buckets; b++) {
			bucketStart[b + 1] += bucketStart[b];
		}
		bucketMembers = new int[n];
		int[] fill = Arrays.copyOf(bucketStart, buckets);
		for (int i = 0; i < n; i++) {
			bucketMembers[fill[bucket(p.commune[i], p.sex[i], Population.year(p.birth[i]))]++] = i;
		}
		lastChild = new int[n];
		Arrays.fill(lastChild, Population.NONE);
	}

	private int bucket(int commune, int sex, int birthYear) {
		return (commune * 2 + sex) * years + (birthYear - minYear);
	}

	/** A resident of the first day, of this commune, sex and birth year, or -1. */
	private int anyone(SplittableRandom r, int commune, int sex, int birthYear) {
		if (birthYear < minYear || birthYear >= minYear + years) {
			return -1;
		}
		int b = bucket(commune, sex, birthYear);
		int count = bucketStart[b + 1] - bucketStart[b];
		return count == 0 ? -1 : bucketMembers[bucketStart[b] + r.nextInt(count)];
	}

	private void linkChildren() {
		List<Integer> children = new ArrayList<>();
		for (int i = 0; i < p.size; i++) {
			if (p.ageYears(i, firstDay) < 18) {
				children.add(i);
			}
		}
		// the oldest first: a young mother gets her own family name before her baby does
		children.sort((a, b) -> a != b && p.birth[a] == p.birth[b] ? Integer.compare(a, b) : Integer.compare(p.birth[a], p.birth[b]));
		for (int child : children) {
			link(child, Rand.stream(seed, Streams.LINKS, child), false);
		}
		// a household shares its poverty status: a wife takes her husband's, children their mother's or father's
		for (int i = 0; i < p.size; i++) {
			if (p.partner[i] >= 0 && !p.female(i)) {
				int wife = p.partner[i];
				p.flags[wife] = (p.flags[wife] & ~(Population.POOR | Population.NEAR_POOR)) | (p.flags[i] & (Population.POOR | Population.NEAR_POOR));
			}
		}
		for (int child : children) {
			inheritPoverty(child);
		}
	}

	private void inheritPoverty(int child) {
		int parent = p.guardian1[child] >= 0 ? p.guardian1[child] : p.guardian2[child];
		if (parent >= 0) {
			int poverty = p.flags[parent] & (Population.POOR | Population.NEAR_POOR);
			p.flags[child] = (p.flags[child] & ~(Population.POOR | Population.NEAR_POOR)) | poverty;
		}
	}

	/** Finds the child's mother and father among residents and records its guardians. */
	private void link(int child, SplittableRandom r, boolean newborn) {
		int commune = p.commune[child];
		int born = p.birth[child];
		int mother = findMother(r, commune, born, newborn);
		int father = mother >= 0 ? findFather(r, commune, mother, born) : -1;
		double mode = r.nextDouble();
		if (newborn) {
			mode = mode * 0.93; // newborns: nearly always with their mother
		}
		if (mode < 0.87) { // both parents
			p.guardian1[child] = mother >= 0 ? mother : outsider(r, 1, born, 28);
			p.role1[child] = Population.MOTHER;
			p.guardian2[child] = father >= 0 ? father : outsider(r, 0, born, 31);
			p.role2[child] = Population.FATHER;
		} else if (mode < 0.95) { // mother alone
			p.guardian1[child] = mother >= 0 ? mother : outsider(r, 1, born, 28);
			p.role1[child] = Population.MOTHER;
			father = -1;
		} else if (mode < 0.97) { // father alone
			p.guardian1[child] = father >= 0 ? father : outsider(r, 0, born, 31);
			p.role1[child] = Population.FATHER;
		} else { // a grandparent (parents working away)
			int grandparentSex = r.nextInt(2);
			int g = anyone(r, commune, grandparentSex, Population.year(born) - (int) Rand.clamp(Rand.gaussian(r, 52, 6), 38, 80));
			p.guardian1[child] = g >= 0 && p.alive(g, Math.max(born, firstDay)) ? g : outsider(r, grandparentSex, born, 52);
			p.role1[child] = Population.GUARDIAN;
		}
		// the family name comes from the father, else the mother
		if (father >= 0) {
			p.family[child] = p.family[father];
		} else if (mother >= 0) {
			p.family[child] = p.family[mother];
		}
		if (mother >= 0 && p.ethnicity[mother] != 1 && p.ethnicity[child] == 1) {
			p.ethnicity[child] = p.ethnicity[mother];
		}
		if (mother >= 0) {
			lastChild[mother] = born;
		}
	}

	private int findMother(SplittableRandom r, int commune, int born, boolean mustBeAlive) {
		int childYear = Population.year(born);
		for (int attempt = 0; attempt < 12; attempt++) {
			int age = (int) Math.round(Rand.clamp(Rand.gaussian(r, 27.5, 5.5), 17, 44));
			int m = anyone(r, commune, 1, childYear - age);
			if (m < 0 || (mustBeAlive && !p.alive(m, born))) {
				continue;
			}
			if (lastChild[m] == Population.NONE || Math.abs(lastChild[m] - born) > 450) {
				return m;
			}
		}
		return -1;
	}

	private int findFather(SplittableRandom r, int commune, int mother, int born) {
		if (p.partner[mother] >= 0) {
			return p.partner[mother];
		}
		int motherYear = Population.year(p.birth[mother]);
		for (int attempt = 0; attempt < 12; attempt++) {
			int older = (int) Math.round(Rand.clamp(Rand.gaussian(r, 3, 3), -2, 12));
			int f = anyone(r, commune, 0, motherYear - older);
			if (f >= 0 && p.partner[f] < 0 && Population.yearsBetween(p.birth[f], born) >= 18) {
				p.partner[f] = mother;
				p.partner[mother] = f;
				return f;
			}
		}
		return -1;
	}

	/** A guardian who lives outside the province (or is not registered in it). */
	private int outsider(SplittableRandom r, int sex, int childBorn, int typicalAgeGap) {
		int birthYear = Population.year(childBorn) - (int) Rand.clamp(Rand.gaussian(r, typicalAgeGap, 5), 17, 80);
		int oldProvince = r.nextDouble() < 0.5 ? provinceCode : OLD_PROVINCE_CODES[r.nextInt(OLD_PROVINCE_CODES.length)];
		long id = personalId(oldProvince, sex, birthYear);
		return p.addOutsider(id, sex, Names.family(r), Names.middle(r, sex == 1), Names.given(r, sex == 1));
	}

	// ------------------------------------------------------------------ births and deaths

	private void simulateYear(int year) {
		int from = Population.day(year, 1, 1);
		int to = Population.day(year, 12, 31);
		int existing = p.size;
		int[] alive = new int[communes.size()];
		for (int i = 0; i < existing; i++) {
			if (p.alive(i, from)) {
				alive[p.commune[i]]++;
				drawDeath(i, year, from, to);
			}
		}
		SplittableRandom births = Rand.stream(seed, Streams.BIRTHS, year);
		for (CommuneProfile c : communes) {
			double expected = c.birthRate * alive[c.index];
			int count = (int) (expected + births.nextDouble());
			for (int k = 0; k < count; k++) {
				int day = from + births.nextInt(to - from + 1);
				newborn(c, day, births.nextLong());
			}
		}
		for (int i = existing; i < p.size; i++) {
			drawDeath(i, year, p.birth[i], to);
		}
	}

	private void newborn(CommuneProfile c, int day, long salt) {
		int i = p.add();
		if (lastChild.length < p.size) {
			int old = lastChild.length;
			lastChild = Arrays.copyOf(lastChild, Math.max(p.size, old + (old >> 1)));
			Arrays.fill(lastChild, old, lastChild.length, Population.NONE);
		}
		SplittableRandom r = Rand.stream(seed ^ salt, Streams.RESIDENT, i);
		p.birth[i] = day;
		p.sex[i] = (byte) (r.nextDouble() < 0.528 ? 0 : 1); // sex ratio at birth about 112
		p.commune[i] = (short) c.index;
		describe(i, c, r, 0);
		p.flags[i] = (p.flags[i] & (Population.POOR | Population.NEAR_POOR)) | Population.BORN_IN_WINDOW
				| (r.nextDouble() < 0.005 ? Population.DISABILITY : 0);
		p.cccd[i] = personalId(provinceCode, p.sex[i], Population.year(day));
		link(i, r, true);
		inheritPoverty(i);
	}

	/** Annual probability of death by age and sex (Vietnam, life expectancy about 74.5 years). */
	static double mortality(int age, int sex) {
		double q;
		if (age == 0) {
			q = 0.012;
		} else if (age < 5) {
			q = 0.0007;
		} else if (age < 15) {
			q = 0.0003;
		} else if (age < 40) {
			q = sex == 0 ? 0.0014 : 0.0005;
		} else {
			q = Math.min(0.5, 4.06e-5 * StrictMath.exp(0.09 * age) * (sex == 0 ? 1.35 : 0.75));
		}
		return q;
	}

	private void drawDeath(int i, int year, int from, int to) {
		if (p.death[i] != Population.ALIVE) {
			return;
		}
		SplittableRandom r = Rand.stream(seed, Streams.DEATHS, (long) i * 64 + (year & 63));
		int age = p.ageYears(i, Math.max(from, Population.day(year, 7, 1)));
		boolean newborn = Population.year(p.birth[i]) == year;
		double q = mortality(Math.max(0, age), p.sex[i]);
		double fraction = (to - from + 1) / 365.0;
		if (age >= MAX_AGE) {
			q = 1;
		}
		if (r.nextDouble() < q * fraction * (newborn ? 1.3 : 1.0)) {
			int day;
			if (newborn) {
				day = from + 1 + (int) Math.min(to - from - 1, -20 * StrictMath.log(1 - r.nextDouble()));
			} else {
				day = from + 1 + r.nextInt(Math.max(1, to - from));
			}
			p.death[i] = Math.min(day, to);
			if (p.death[i] <= p.birth[i]) {
				p.death[i] = p.birth[i] + 1;
			}
		}
	}
}
