package vn.sskdt.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What follows from a resident's attributes on a given day: priority groups of the free check-up,
 * being a pupil, insurance cards, and the check-up of a year. Pure functions of (seed, resident,
 * day), so the bundles and the truth are computed from the same answers.
 */
final class Circumstances {

	/** Priority groups, in the order of our {@code vn-target-group} code system. */
	enum TargetGroup {
		ELDERLY("elderly"), DISABILITY("disability"), POOR("poor"), NEAR_POOR("near-poor"), MERITORIOUS("meritorious"),
		CHRONIC_DISEASE("chronic-disease"), ETHNIC_MINORITY_MOUNTAIN("ethnic-minority-mountain"),
		DISADVANTAGED_COMMUNE("disadvantaged-commune"), ISLAND_COMMUNE("island-commune"), GENERAL("general");

		final String code;

		TargetGroup(String code) {
			this.code = code;
		}
	}

	/** Kinds of check-up the generator produces (codes of {@code vn-checkup-type}). */
	enum CheckupType {
		ANNUAL_FREE("annual-free"), FREE_SCREENING("free-screening"), SCHOOL("school"), OCCUPATIONAL("occupational");

		final String code;

		CheckupType(String code) {
			this.code = code;
		}
	}

	/** BHYT card categories (first two letters of the legacy card) with their benefit level. */
	enum CardCategory {
		TE(1, false), CC(1, true), HN(2, false), DT(2, false), BT(2, true), HT(3, true), CN(3, false), HS(4, false),
		DN(4, true), GD(4, false);

		final int level;
		/** Valid until the holder's situation changes, rather than for a year. */
		final boolean continuous;

		CardCategory(int level, boolean continuous) {
			this.level = level;
			this.continuous = continuous;
		}
	}

	/** One insurance card: valid from start to end (inclusive; {@link Integer#MAX_VALUE} when open). */
	record Card(CardCategory category, int start, int end) {
		boolean activeOn(int day) {
			return start <= day && day <= end;
		}
	}

	/** Free annual check-ups for priority groups from this year, for everyone from {@link #FREE_FOR_ALL}. */
	static final int FREE_FOR_PRIORITY = 2026;
	static final int FREE_FOR_ALL = 2028;

	private final long seed;
	private final Population p;
	private final List<CommuneProfile> communes;
	private final int firstDay;
	private final int lastDay;

	Circumstances(long seed, Population p, List<CommuneProfile> communes, int firstDay, int lastDay) {
		this.seed = seed;
		this.p = p;
		this.communes = communes;
		this.firstDay = firstDay;
		this.lastDay = lastDay;
	}

	CommuneProfile commune(int i) {
		return communes.get(p.commune[i]);
	}

	// ------------------------------------------------------------------ priority groups

	/** Bit set of {@link TargetGroup}s (without GENERAL) the resident belongs to on that day. */
	int groups(int i, int day) {
		int age = p.ageYears(i, day);
		CommuneProfile c = commune(i);
		int g = 0;
		if (age >= 60) {
			g |= bit(TargetGroup.ELDERLY);
		}
		if (p.has(i, Population.DISABILITY)) {
			g |= bit(TargetGroup.DISABILITY);
		}
		if (p.has(i, Population.POOR)) {
			g |= bit(TargetGroup.POOR);
		}
		if (p.has(i, Population.NEAR_POOR)) {
			g |= bit(TargetGroup.NEAR_POOR);
		}
		if (p.has(i, Population.MERITORIOUS)) {
			g |= bit(TargetGroup.MERITORIOUS);
		}
		if (age >= 18 && p.has(i, Population.CHRONIC)) {
			g |= bit(TargetGroup.CHRONIC_DISEASE);
		}
		if (p.ethnicity[i] != 1 && c.mountain) {
			g |= bit(TargetGroup.ETHNIC_MINORITY_MOUNTAIN);
		}
		if (c.disadvantaged && !c.island) {
			g |= bit(TargetGroup.DISADVANTAGED_COMMUNE);
		}
		if (c.island) {
			g |= bit(TargetGroup.ISLAND_COMMUNE);
		}
		return g;
	}

	static int bit(TargetGroup g) {
		return 1 << g.ordinal();
	}

	// ------------------------------------------------------------------ school

	/**
	 * Enrolled in the school year that starts in September of {@code schoolYear}: grade 1 is the year
	 * a child turns 6, grade 12 the year they turn 17, unless they left school earlier.
	 */
	boolean pupil(int i, int schoolYear) {
		int ageByYear = schoolYear - Population.year(p.birth[i]);
		return ageByYear >= 6 && ageByYear <= 17 && ageByYear < p.schoolLeaveAge[i];
	}

	static int schoolYearOf(int day) {
		java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
		return d.getMonthValue() >= 9 ? d.getYear() : d.getYear() - 1;
	}

	// ------------------------------------------------------------------ insurance

	CardCategory category(int i, int day) {
		int age = p.ageYears(i, day);
		if (age < 6) {
			return CardCategory.TE;
		} else if (p.has(i, Population.MERITORIOUS)) {
			return CardCategory.CC;
		} else if (p.has(i, Population.POOR)) {
			return CardCategory.HN;
		} else if (p.ethnicity[i] != 1 && (commune(i).mountain || commune(i).disadvantaged)) {
			return CardCategory.DT;
		} else if (age >= 60 && p.has(i, Population.PENSION)) {
			return CardCategory.HT;
		} else if (age >= 80) {
			return CardCategory.BT;
		} else if (p.has(i, Population.NEAR_POOR)) {
			return CardCategory.CN;
		} else if (pupil(i, schoolYearOf(day))) {
			return CardCategory.HS;
		} else if (age >= 18 && age < 60 && p.has(i, Population.FORMAL_JOB)) {
			return CardCategory.DN;
		}
		return CardCategory.GD;
	}

	/**
	 * The resident's cards that are valid on some day from the first simulated day (or birth) to the
	 * last, in order. A child under 6 has one card from birth registration to the day before the 6th
	 * birthday; pensioners, employees, people with meritorious service and the over-80s have a card
	 * valid until their situation changes; everyone else a card per calendar year (household cards:
	 * per year from the month they were first bought). Some periods go uninsured, household cards
	 * most often ({@link CommuneProfile#householdInsurance}).
	 */
	List<Card> cards(int i) {
		List<Card> cards = new ArrayList<>(3);
		int end = Math.min(lastDay, p.death[i] - 1);
		int t = Math.max(p.birth[i], firstDay);
		int guard = 0;
		while (t <= end && guard++ < 100) {
			CardCategory category = category(i, t);
			int start;
			int until;
			if (category == CardCategory.TE) {
				start = p.birth[i] + (int) (Rand.unit(seed, Streams.CARD, i) * 30);
				until = Population.birthday(p.birth[i], 6) - 1;
			} else if (category.continuous) {
				int change = nextChange(i, t, category);
				start = t > firstDay ? t : Math.max(categoryStart(i, category), t - 1 - (int) (Rand.unit(seed, Streams.CARD, i) * 1500));
				until = change > lastDay ? Integer.MAX_VALUE : change - 1;
			} else if (category == CardCategory.GD) {
				int month = 1 + (int) (Rand.unit(seed, Streams.CARD, -1 - i) * 12);
				int year = Population.year(t);
				int anchor = Population.day(year, month, 1);
				if (anchor > t) {
					anchor = Population.day(year - 1, month, 1);
				}
				start = t > firstDay ? t : anchor;
				until = Population.day(Population.year(anchor) + 1, month, 1) - 1;
			} else {
				int year = Population.year(t);
				start = t > firstDay ? t : Population.day(year, 1, 1);
				until = Population.day(year, 12, 31);
			}

			if (start <= end && insured(i, category, start)) {
				cards.add(new Card(category, Math.max(start, p.birth[i]), until));
			}
			if (until == Integer.MAX_VALUE) {
				break;
			}
			t = until + 1;
		}
		return cards;
	}

	Card cardOn(int i, int day) {
		for (Card card : cards(i)) {
			if (card.activeOn(day)) {
				return card;
			}
		}
		return null;
	}

	private boolean insured(int i, CardCategory category, int start) {
		double u = Rand.unit(seed, Streams.CARD, ((long) i << 24) ^ (start & 0xFFFFFF));
		return u < switch (category) {
			case TE -> 0.985;
			case GD -> commune(i).householdInsurance;
			case DN -> 0.99;
			case HN, CN, DT, HS -> 0.99;
			default -> 0.998;
		};
	}

	/** The first day after t on which the category differs (birthdays and school years), or past the end. */
	private int nextChange(int i, int t, CardCategory category) {
		int age = p.ageYears(i, t);
		int birthdayAfter = Population.birthday(p.birth[i], age + 1);
		int septemberAfter = Population.day(schoolYearOf(t) + 1, 9, 1);
		int d = t;
		while (d <= lastDay) {
			d = Math.min(birthdayAfter, septemberAfter);
			if (category(i, d) != category) {
				return d;
			}
			if (d == birthdayAfter) {
				birthdayAfter = Population.birthday(p.birth[i], ++age + 1);
			} else {
				septemberAfter = Population.day(schoolYearOf(d) + 1, 9, 1);
			}
		}
		return Integer.MAX_VALUE;
	}

	private int categoryStart(int i, CardCategory category) {
		return switch (category) {
			case DN -> Population.birthday(p.birth[i], 18);
			case HT -> Population.birthday(p.birth[i], 60);
			case BT -> Population.birthday(p.birth[i], 80);
			default -> Population.birthday(p.birth[i], 18);
		};
	}

	/** The 10-digit social-insurance number: province code and 8 digits, unique in the province. */
	static String socialInsuranceNumber(long seed, String provinceCode, int i) {
		long a = (Rand.mix(seed, Streams.CARD, 7) >>> 1) % 50_000_000 * 2 + 1;
		if (a % 5 == 0) {
			a += 2;
		}
		long serial = (a * i + 12_345_678L) % 100_000_000L;
		String digits = Long.toString(serial);
		return provinceCode + "00000000".substring(digits.length()) + digits;
	}

	// ------------------------------------------------------------------ check-ups

	/** A check-up of one resident in one year: its day and kind; {@code day < 0} when none. */
	record Checkup(int day, CheckupType type) {}

	static final Checkup NONE = new Checkup(-1, null);

	/**
	 * Whether and when the resident has a check-up in the year (at most one a year). Pupils get the
	 * school check-up at the start of the school year (September–December); from 2026 the priority
	 * groups, from 2028 everyone, the free annual check-up, more often in communes whose station
	 * reaches people well, and more often for the elderly and the chronically ill. Before that:
	 * occupational check-ups of employees, free screening of people over 40 and of small children.
	 */
	Checkup checkup(int i, int year) {
		int from = Math.max(Population.day(year, 1, 1), p.birth[i] + 30);
		int to = Math.min(Math.min(Population.day(year, 12, 31), lastDay), p.death[i] - 1);
		if (from > to) {
			return NONE;
		}
		SplittableRandom r = Rand.stream(seed, Streams.CHECKUP, (long) i * 64 + (year & 63));
		CommuneProfile c = commune(i);
		int septemberStart = Population.day(year, 9, 5);
		if (pupil(i, year) && p.alive(i, septemberStart)) {
			int schoolTo = Math.min(to, Population.day(year, 12, 20));
			if (r.nextDouble() < c.schoolCheck && schoolTo >= septemberStart) {
				return new Checkup(workday(r, septemberStart, schoolTo), CheckupType.SCHOOL);
			}
			return NONE;
		}
		int midYear = Math.max(from, Math.min(to, Population.day(year, 7, 1)));
		int groups = groups(i, midYear);
		int age = p.ageYears(i, midYear);
		boolean free = (year >= FREE_FOR_PRIORITY && groups != 0) || year >= FREE_FOR_ALL;
		double u = r.nextDouble();
		if (free) {
			double chance = c.checkup + ((groups & bit(TargetGroup.ELDERLY)) != 0 ? 0.05 : 0)
					+ ((groups & bit(TargetGroup.CHRONIC_DISEASE)) != 0 ? 0.05 : 0) - (groups == 0 ? 0.1 : 0);
			return u < Math.min(0.97, chance) ? new Checkup(workday(r, from, to), CheckupType.ANNUAL_FREE) : NONE;
		}
		double reach = c.checkup / 0.75;
		if (age >= 18 && age < 60 && p.has(i, Population.FORMAL_JOB) && u < 0.6 * reach) {
			return new Checkup(workday(r, from, to), CheckupType.OCCUPATIONAL);
		}
		double screening = age >= 40 ? 0.35 : (age < 6 ? 0.3 : 0.08);
		if (r.nextDouble() < screening * reach) {
			return new Checkup(workday(r, from, to), CheckupType.FREE_SCREENING);
		}
		return NONE;
	}

	/** A day in [from, to], Monday to Saturday when the range has one. */
	private static int workday(SplittableRandom r, int from, int to) {
		int day = from + r.nextInt(to - from + 1);
		// epoch day 0 was a Thursday: (day + 3) % 7 == 6 is a Sunday
		if (Math.floorMod(day + 3, 7) == 6) {
			day = day > from ? day - 1 : (day < to ? day + 1 : day);
		}
		return day;
	}
}
