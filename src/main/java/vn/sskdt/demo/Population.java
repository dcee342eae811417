package vn.sskdt.demo;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Every resident of the synthetic province, column by column (a million residents fit in ~100 MB).
 * Days are epoch days ({@link LocalDate#toEpochDay()}). Guardians are residents ({@code >= 0}) or
 * people living elsewhere ({@code <= -1}, index {@code -g - 1} into the outsiders' columns).
 */
final class Population {

	static final int ALIVE = Integer.MAX_VALUE;
	static final int NONE = Integer.MIN_VALUE;

	// flags
	static final int POOR = 1;
	static final int NEAR_POOR = 1 << 1;
	static final int DISABILITY = 1 << 2;
	static final int MERITORIOUS = 1 << 3;
	static final int CHRONIC = 1 << 4;
	static final int FORMAL_JOB = 1 << 5;
	static final int PENSION = 1 << 6;
	static final int BORN_IN_WINDOW = 1 << 7;

	// guardian roles (v3-RoleCode)
	static final byte MOTHER = 1;
	static final byte FATHER = 2;
	static final byte GUARDIAN = 3;

	int size;
	int[] birth = new int[0];
	int[] death = new int[0];
	byte[] sex = new byte[0]; // 0 male, 1 female
	short[] commune = new short[0];
	byte[] ethnicity = new byte[0]; // GSO code
	int[] flags = new int[0];
	long[] cccd = new long[0];
	byte[] family = new byte[0];
	byte[] middle = new byte[0];
	byte[] given = new byte[0];
	int[] partner = new int[0];
	int[] guardian1 = new int[0];
	int[] guardian2 = new int[0];
	byte[] role1 = new byte[0];
	byte[] role2 = new byte[0];
	/** Age (completed years at the start of a school year) from which the resident is no longer a pupil. */
	byte[] schoolLeaveAge = new byte[0];

	// people outside the province who are guardians of a resident child
	int outsiders;
	long[] outsiderCccd = new long[0];
	byte[] outsiderSex = new byte[0];
	byte[] outsiderFamily = new byte[0];
	byte[] outsiderMiddle = new byte[0];
	byte[] outsiderGiven = new byte[0];

	int add() {
		if (size == birth.length) {
			int capacity = Math.max(1024, size + (size >> 1));
			birth = Arrays.copyOf(birth, capacity);
			death = Arrays.copyOf(death, capacity);
			sex = Arrays.copyOf(sex, capacity);
			commune = Arrays.copyOf(commune, capacity);
			ethnicity = Arrays.copyOf(ethnicity, capacity);
			flags = Arrays.copyOf(flags, capacity);
			cccd = Arrays.copyOf(cccd, capacity);
			family = Arrays.copyOf(family, capacity);
			middle = Arrays.copyOf(middle, capacity);
			given = Arrays.copyOf(given, capacity);
			partner = Arrays.copyOf(partner, capacity);
			guardian1 = Arrays.copyOf(guardian1, capacity);
			guardian2 = Arrays.copyOf(guardian2, capacity);
			role1 = Arrays.copyOf(role1, capacity);
			role2 = Arrays.copyOf(role2, capacity);
			schoolLeaveAge = Arrays.copyOf(schoolLeaveAge, capacity);
		}
		int i = size++;
		death[i] = ALIVE;
		partner[i] = -1;
		guardian1[i] = NONE;
		guardian2[i] = NONE;
		return i;
	}

	int addOutsider(long personalId, int sexOf, int familyName, int middleName, int givenName) {
		if (outsiders == outsiderCccd.length) {
			int capacity = Math.max(64, outsiders * 2);
			outsiderCccd = Arrays.copyOf(outsiderCccd, capacity);
			outsiderSex = Arrays.copyOf(outsiderSex, capacity);
			outsiderFamily = Arrays.copyOf(outsiderFamily, capacity);
			outsiderMiddle = Arrays.copyOf(outsiderMiddle, capacity);
			outsiderGiven = Arrays.copyOf(outsiderGiven, capacity);
		}
		int k = outsiders++;
		outsiderCccd[k] = personalId;
		outsiderSex[k] = (byte) sexOf;
		outsiderFamily[k] = (byte) familyName;
		outsiderMiddle[k] = (byte) middleName;
		outsiderGiven[k] = (byte) givenName;
		return -k - 1;
	}

	boolean female(int i) {
		return sex[i] == 1;
	}

	boolean has(int i, int flag) {
		return (flags[i] & flag) != 0;
	}

	/** Born on or before the day and not dead on it (a resident who dies on day d is alive until d - 1). */
	boolean alive(int i, int day) {
		return birth[i] <= day && day < death[i];
	}

	/** Completed years of age on a day. */
	static int yearsBetween(int birthDay, int day) {
		LocalDate b = LocalDate.ofEpochDay(birthDay);
		LocalDate d = LocalDate.ofEpochDay(day);
		int years = d.getYear() - b.getYear();
		if (d.getMonthValue() < b.getMonthValue() || (d.getMonthValue() == b.getMonthValue() && d.getDayOfMonth() < b.getDayOfMonth())) {
			years--;
		}
		return years;
	}

	int ageYears(int i, int day) {
		return yearsBetween(birth[i], day);
	}

	/** The day of the n-th birthday (29 February births: 28 February in common years). */
	static int birthday(int birthDay, int n) {
		return (int) LocalDate.ofEpochDay(birthDay).plusYears(n).toEpochDay();
	}

	static int year(int day) {
		return LocalDate.ofEpochDay(day).getYear();
	}

	static int day(int year, int month, int dayOfMonth) {
		return (int) LocalDate.of(year, month, dayOfMonth).toEpochDay();
	}

	String name(int i) {
		return Names.FAMILY[family[i]] + " " + Names.middleName(middle[i], female(i)) + " " + Names.givenName(given[i], female(i));
	}
}
