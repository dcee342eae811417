package vn.sskdt.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The vaccination history of every child young enough for the electronic immunization register
 * (under 6 on the first simulated day, or born later), following the national schedule
 * (domain.md §4) with the gaps of real life: most children on time or a little late, some doses too
 * early (before the minimum age or interval), drop-outs with or without catch-up after the first
 * birthday, children who get nothing. The share of fully immunized children by the first birthday
 * follows each commune's {@link CommuneProfile#vaccination}.
 *
 * <p>A plan is the list of doses (vaccine, dose number, day) a child would get in a world without
 * an end; doses on or after the child's death or after the last simulated day are not given.
 */
final class VaccinationPlans {

	static final int ENTRIES_PER_CHILD = 20;

	private final long seed;
	private final Population p;
	private final int firstDay;
	/** Per resident: offset into the dose columns, or -1 when no history is kept. */
	private final int[] offset;
	private final byte[] count;
	private int used;
	private int[] doseDay = new int[1024];
	private byte[] doseVaccine = new byte[1024];
	private byte[] doseNumber = new byte[1024];

	VaccinationPlans(long seed, Population p, java.util.List<CommuneProfile> communes, int firstDay) {
		this.seed = seed;
		this.p = p;
		this.firstDay = firstDay;
		this.offset = new int[p.size];
		this.count = new byte[p.size];
		Arrays.fill(offset, -1);
		int oldest = Population.birthday(firstDay, -6);
		for (int i = 0; i < p.size; i++) {
			if (p.birth[i] > oldest) {
				plan(i, communes.get(p.commune[i]));
			}
		}
	}

	boolean tracked(int child) {
		return offset[child] >= 0;
	}

	int doses(int child) {
		return offset[child] < 0 ? 0 : count[child];
	}

	int day(int child, int k) {
		return doseDay[offset[child] + k];
	}

	Vaccine vaccine(int child, int k) {
		return Vaccine.ALL[doseVaccine[offset[child] + k]];
	}

	int doseNumber(int child, int k) {
		return doseNumber[offset[child] + k];
	}

	/** Whether the k-th dose of the plan is actually given (before death, by the last day). */
	boolean given(int child, int k, int lastDay) {
		int d = day(child, k);
		return d <= lastDay && d < p.death[child];
	}

	// ------------------------------------------------------------------ drawing a plan

	private int[] days;
	private byte[] vaccines;
	private byte[] numbers;
	private int n;

	private void add(Vaccine v, int number, int day) {
		vaccines[n] = (byte) v.ordinal();
		numbers[n] = (byte) number;
		days[n++] = day;
	}

	private void plan(int child, CommuneProfile commune) {
		SplittableRandom r = Rand.stream(seed, Streams.VACCINATION, child);
		int born = p.birth[child];
		int firstBirthday = Population.birthday(born, 1);
		days = new int[ENTRIES_PER_CHILD];
		vaccines = new byte[ENTRIES_PER_CHILD];
		numbers = new byte[ENTRIES_PER_CHILD];
		n = 0;
		double u = r.nextDouble();
		boolean complete = u < commune.vaccination;
		double rest = complete ? 0 : (u - commune.vaccination) / (1 - commune.vaccination);
		boolean zeroDose = !complete && rest < 0.2;
		boolean dropout = !complete && rest >= 0.2 && rest < 0.7;
		boolean late = !complete && rest >= 0.7;
		double punctuality = 3 + 25 * r.nextDouble() * r.nextDouble(); // mean delay in days

		// hepatitis B birth dose: at the maternity ward, within 24 h when the ward is good at it
		double hb = r.nextDouble();
		if (hb < commune.hepbTimely) {
			add(Vaccine.HEPB_BIRTH, 1, born + (r.nextDouble() < 0.8 ? 0 : 1));
		} else if (hb < commune.hepbTimely + (1 - commune.hepbTimely) * 0.6) {
			add(Vaccine.HEPB_BIRTH, 1, born + 2 + r.nextInt(13));
		}
		if (zeroDose) {
			finish(child);
			return;
		}
		// the infant series, visit by visit; a drop-out stops after some visit
		int stopAfter = dropout ? 1 + r.nextInt(4) : Integer.MAX_VALUE; // never past the IPV visit
		int visit = 0;
		int cap = complete ? 60 : 120; // complete children are late, but not past the first birthday
		int bcg = born + (r.nextDouble() < 0.6 ? r.nextInt(3) : 3 + (int) Math.min(27, delay(r, 10, 60)));
		add(Vaccine.BCG, 1, bcg);
		visit++;
		int previous = born;
		int lateDose = late ? (r.nextDouble() < 0.6 ? 4 : 3) : -1; // measles (4) or the third penta/OPV (3) after 1 year
		for (int k = 1; k <= 3 && visit <= stopAfter; k++) {
			int target = born + 30 + 30 * k;
			int day;
			if (r.nextDouble() < 0.03) { // too early: before 6 weeks of age, or less than 4 weeks after the previous dose
				day = k == 1 ? born + 35 + r.nextInt(7) : previous + 21 + r.nextInt(7);
			} else {
				day = Math.max(target, previous + 28) + (int) delay(r, punctuality, cap);
			}
			if (k == 3 && lateDose == 3) {
				day = Math.max(day, firstBirthday + r.nextInt(120));
			}
			add(Vaccine.PENTA, k, day);
			add(Vaccine.OPV, k, day);
			previous = day;
			visit++;
		}
		if (visit <= stopAfter) {
			int ipv = Math.max(born + 150, previous) + (int) delay(r, punctuality, cap);
			if (ipv - previous < 7) {
				ipv = previous; // given together with the third dose
			}
			add(Vaccine.IPV, 1, ipv);
			visit++;
		}
		if (visit <= stopAfter) {
			int measles = r.nextDouble() < 0.03 ? born + 240 + r.nextInt(26) : born + 270 + (int) delay(r, punctuality, complete ? 80 : 120);
			if (lateDose == 4) {
				measles = firstBirthday + r.nextInt(150);
			}
			add(Vaccine.MEASLES, 1, measles);
			visit++;
		}
		if (dropout && r.nextDouble() < 0.4) {
			catchUp(r, born, firstBirthday);
		}
		// the second year: measles-rubella and DPT booster at 18 months, Japanese encephalitis from 12 months
		boolean engaged = complete || r.nextDouble() < 0.6;
		if (engaged && r.nextDouble() < 0.93) {
			int day = born + 548 + (int) delay(r, punctuality * 1.5, 240);
			add(Vaccine.MR, 1, day);
			add(Vaccine.DPT_BOOSTER, 1, day);
		}
		if (engaged && r.nextDouble() < 0.85) {
			int je1 = firstBirthday + (int) delay(r, punctuality * 2, 180);
			add(Vaccine.JE, 1, je1);
			add(Vaccine.JE, 2, je1 + 7 + r.nextInt(8));
			if (r.nextDouble() < 0.85) {
				add(Vaccine.JE, 3, je1 + 365 + (int) delay(r, punctuality * 2, 180));
			}
		}
		finish(child);
	}

	/** The doses of the infant series a drop-out has not had, given after the first birthday. */
	private void catchUp(SplittableRandom r, int born, int firstBirthday) {
		int day = firstBirthday + 15 + r.nextInt(300);
		boolean[] have = new boolean[4];
		int pentas = 0;
		for (int k = 0; k < n; k++) {
			if (vaccines[k] == Vaccine.PENTA.ordinal()) {
				pentas++;
			} else if (vaccines[k] == Vaccine.IPV.ordinal()) {
				have[1] = true;
			} else if (vaccines[k] == Vaccine.MEASLES.ordinal()) {
				have[2] = true;
			}
		}
		for (int k = pentas + 1; k <= 3; k++) {
			add(Vaccine.PENTA, k, day);
			add(Vaccine.OPV, k, day);
			day += 28 + r.nextInt(20);
		}
		if (!have[1]) {
			add(Vaccine.IPV, 1, day);
		}
		if (!have[2]) {
			add(Vaccine.MEASLES, 1, day);
		}
	}

	/** A delay in days: exponential with the child's mean, sometimes a long one, capped. */
	private static double delay(SplittableRandom r, double mean, double cap) {
		double d = -mean * StrictMath.log(1 - r.nextDouble());
		if (r.nextDouble() < 0.04) {
			d += 30 + r.nextInt(60);
		}
		return Math.min(d, cap);
	}

	private void finish(int child) {
		// by day, then in the order given (stable)
		Integer[] order = new Integer[n];
		for (int k = 0; k < n; k++) {
			order[k] = k;
		}
		Arrays.sort(order, (a, b) -> days[a] != days[b] ? Integer.compare(days[a], days[b]) : Integer.compare(a, b));
		if (used + n > doseDay.length) {
			int capacity = Math.max(used + n, doseDay.length * 2);
			doseDay = Arrays.copyOf(doseDay, capacity);
			doseVaccine = Arrays.copyOf(doseVaccine, capacity);
			doseNumber = Arrays.copyOf(doseNumber, capacity);
		}
		offset[child] = used;
		count[child] = (byte) n;
		for (int k = 0; k < n; k++) {
			doseDay[used + k] = days[order[k]];
			doseVaccine[used + k] = vaccines[order[k]];
			doseNumber[used + k] = numbers[order[k]];
		}
		used += n;
	}
}
