package vn.sskdt.demo;

/** Names of the random streams (purposes) of {@link Rand}; changing one changes the output. */
final class Streams {
	private Streams() {}

	static final long COMMUNE = 1;
	static final long SIZES = 2;
	static final long RESIDENT = 3;
	static final long LINKS = 4;
	static final long BIRTHS = 5;
	static final long DEATHS = 6;
	static final long VACCINATION = 7;
	static final long CHECKUP = 8;
	static final long VITALS = 9;
	static final long CARD = 10;
	static final long UUID = 11;
	static final long CCCD = 12;
	static final long PERSON = 13;
	static final long GUARDIAN = 14;
}
