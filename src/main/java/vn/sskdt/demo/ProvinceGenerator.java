package vn.sskdt.demo;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * A synthetic province for tests, demos and benchmarks: N residents in the real communes of one
 * province, followed over one or more calendar years, written as the transaction Bundles its commune
 * stations would submit ({@link SubmissionContract}), one per line in the order of submission, with
 * the true value of every indicator ({@link Truth}). Same options, same bytes.
 *
 * <p>Order of submission: the stations (one Organization bundle each); then the initial load, resident
 * by resident: registration (Patient, guardians of children, the insurance card valid on the first
 * day) followed by the vaccination history recorded before the first day; then, day by day from 1
 * January of the first year to 31 December of the last: births, new insurance cards, vaccinations,
 * check-ups and deaths, in that order within a day.
 */
public final class ProvinceGenerator {

	/**
	 * @param seed       the seed; everything follows from it and the other options
	 * @param residents  residents on the first simulated day (1 January of the first year)
	 * @param province   2-digit province code or a unique part of its name
	 * @param lastYear   the last simulated year
	 * @param years      how many calendar years are simulated, ending with {@code lastYear}
	 * @param communes   codes of the communes to simulate; empty = every commune of the province
	 */
	public record Options(long seed, int residents, String province, int lastYear, int years, List<String> communes) {
		public Options {
			if (residents < 1) {
				throw new IllegalArgumentException("residents must be at least 1");
			}
			if (years < 1 || years > 10) {
				throw new IllegalArgumentException("years must be from 1 to 10");
			}
			if (lastYear - years + 1 < 2000 || lastYear > 2099) {
				throw new IllegalArgumentException("years must lie within 2000–2099");
			}
			communes = List.copyOf(communes);
		}

		public Options(long seed, int residents, String province, int year) {
			this(seed, residents, province, year, 1, List.of());
		}
	}

	/** Kinds of bundle, in the order they are counted. */
	public enum Kind { ORGANIZATION, REGISTRATION, COVERAGE, VACCINATION, CHECKUP, DEATH }

	/** What was written. */
	public record Summary(int initialResidents, int births, int deaths, long bundles, long resources,
			Map<Kind, Long> bundlesByKind, Map<String, Long> resourcesByType) {}

	// events of the simulated period, sorted as longs: day offset | kind | resident | detail
	private static final int REGISTER = 0;
	private static final int CARD = 1;
	private static final int VACCINATE = 2;
	private static final int CHECKUP = 3;
	private static final int DIE = 4;

	private final Options options;
	private final long seed;
	private final AdminUnits.Province province;
	private final List<CommuneProfile> communes = new ArrayList<>();
	private final int firstDay;
	private final int lastDay;
	private final int firstYear;
	private Population p;
	private VaccinationPlans vaccination;
	private Circumstances circumstances;
	private ResourceWriter writer;
	private int initialResidents;

	// while writing
	private JsonGenerator json;
	private long bundleSeq;
	private long resources;
	private final Map<Kind, Long> bundlesByKind = new EnumMap<>(Kind.class);
	private final Map<String, Long> resourcesByType = new LinkedHashMap<>();
	private long[] stationRecords;
	private int[] cardStart;
	private long[] cardRecord;
	private int[] checkupYears;
	private int[] firstEncounter;
	private int[] schoolCheckYears;
	private Truth truth;

	public ProvinceGenerator(Options options) {
		this.options = options;
		this.seed = options.seed();
		this.province = AdminUnits.province(options.province());
		this.firstYear = options.lastYear() - options.years() + 1;
		this.firstDay = Population.day(firstYear, 1, 1);
		this.lastDay = Population.day(options.lastYear(), 12, 31);
		Set<String> wanted = new TreeSet<>(options.communes());
		boolean everyCommune = wanted.isEmpty();
		List<AdminUnits.Commune> all = province.communes();
		for (int k = 0; k < all.size(); k++) {
			AdminUnits.Commune c = all.get(k);
			if (everyCommune || wanted.remove(c.code())) {
				communes.add(new CommuneProfile(seed, communes.size(), k, province.code(), c));
			}
		}
		if (!wanted.isEmpty()) {
			throw new IllegalArgumentException("not communes of " + province.name() + ": " + wanted);
		}
	}

	public AdminUnits.Province province() {
		return province;
	}

	/** Generates the province, writes the bundles (NDJSON) and truth.json. */
	public Summary write(OutputStream bundles, OutputStream truthJson) throws IOException {
		return write(bundles, truthJson, n -> {});
	}

	/** The same, telling {@code progress} the number of bundles written now and then. */
	public Summary write(OutputStream bundles, OutputStream truthJson, LongConsumer progress) throws IOException {
		simulate();
		long[] events = events();
		JsonFactory factory = new JsonFactoryBuilder().rootValueSeparator(new SerializedString("\n")).build();
		json = factory.createGenerator(bundles, JsonEncoding.UTF8);
		json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
		stationRecords = new long[communes.size()];
		cardStart = new int[p.size];
		Arrays.fill(cardStart, Population.NONE);
		cardRecord = new long[p.size];
		checkupYears = new int[p.size];
		schoolCheckYears = new int[p.size];
		firstEncounter = new int[p.size];
		Arrays.fill(firstEncounter, Population.ALIVE);
		truth = new Truth(firstYear, options.years(), communes.size());

		for (CommuneProfile c : communes) {
			organizationBundle(c);
		}
		for (int i = 0; i < initialResidents; i++) {
			registrationBundle(i, firstDay, true);
			vaccinationHistory(i);
			if ((i & 0x3FFF) == 0) {
				progress.accept(bundleSeq);
			}
		}
		for (int e = 0; e < events.length; e++) {
			long event = events[e];
			int day = firstDay + (int) (event >>> 51);
			int kind = (int) (event >>> 48) & 7;
			int i = (int) (event >>> 20) & 0x0FFFFFFF;
			int detail = (int) (event & 0xFFFFF);
			switch (kind) {
				case REGISTER -> registrationBundle(i, day, false);
				case CARD -> coverageBundle(i, circumstances.cards(i).get(detail));
				case VACCINATE -> vaccinationBundle(i, detail);
				case CHECKUP -> checkupBundle(i, day);
				case DIE -> deathBundle(i);
				default -> throw new IllegalStateException("event kind " + kind);
			}
			if ((e & 0x3FFF) == 0) {
				progress.accept(bundleSeq);
			}
		}
		json.writeRaw('\n');
		json.flush();
		progress.accept(bundleSeq);

		countTruth();
		truth.write(truthJson, generatorDescription(), province, communes);
		int births = p.size - initialResidents;
		int deaths = 0;
		for (int i = 0; i < p.size; i++) {
			if (p.death[i] <= lastDay) {
				deaths++;
			}
		}
		return new Summary(initialResidents, births, deaths, bundleSeq, resources, java.util.Collections.unmodifiableMap(new EnumMap<>(bundlesByKind)),
				java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(resourcesByType)));
	}

	private Map<String, Object> generatorDescription() {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("seed", seed);
		d.put("residents", options.residents());
		d.put("province", province.code());
		d.put("provinceName", province.name());
		d.put("firstYear", firstYear);
		d.put("lastYear", options.lastYear());
		d.put("communes", communes.stream().map(c -> c.commune.code()).toList());
		Map<String, Object> facilities = new LinkedHashMap<>();
		communes.forEach(c -> facilities.put(c.commune.code(), c.facilityCode));
		d.put("stations", facilities);
		d.put("birthsInPeriod", p.size - initialResidents);
		d.put("bundles", bundleSeq);
		d.put("resources", resources);
		return d;
	}

	// ------------------------------------------------------------------ simulation

	private void simulate() {
		p = new PopulationBuilder(seed, province.code(), communes, firstDay, lastDay).build(options.residents());
		initialResidents = options.residents();
		vaccination = new VaccinationPlans(seed, p, communes, firstDay);
		circumstances = new Circumstances(seed, p, communes, firstDay, lastDay);
		writer = new ResourceWriter(PackageCodes.get(), province, communes, p);
	}

	private long[] events() {
		LongList events = new LongList();
		for (int i = 0; i < p.size; i++) {
			boolean newborn = i >= initialResidents;
			if (newborn) {
				events.add(event(p.birth[i], REGISTER, i, 0));
			}
			List<Circumstances.Card> cards = circumstances.cards(i);
			for (int k = 0; k < cards.size(); k++) {
				int start = cards.get(k).start();
				if ((newborn || start > firstDay) && start <= lastDay && start < p.death[i]) {
					events.add(event(start, CARD, i, k));
				}
			}
			int previous = Integer.MIN_VALUE;
			for (int k = 0; k < vaccination.doses(i); k++) {
				int day = vaccination.day(i, k);
				if (day != previous && day >= firstDay && vaccination.given(i, k, lastDay)) {
					events.add(event(day, VACCINATE, i, k));
				}
				previous = day;
			}
			for (int year = firstYear; year <= options.lastYear(); year++) {
				Circumstances.Checkup checkup = circumstances.checkup(i, year);
				if (checkup.day() >= 0) {
					events.add(event(checkup.day(), CHECKUP, i, year - firstYear));
				}
			}
			if (p.death[i] <= lastDay) {
				events.add(event(p.death[i], DIE, i, 0));
			}
		}
		long[] sorted = events.toArray();
		Arrays.sort(sorted);
		return sorted;
	}

	private long event(int day, int kind, int resident, int detail) {
		if (resident >= 1 << 28 || detail >= 1 << 20 || day < firstDay) {
			throw new IllegalStateException("event out of range");
		}
		return ((long) (day - firstDay) << 51) | ((long) kind << 48) | ((long) resident << 20) | detail;
	}

	// ------------------------------------------------------------------ bundles

	private String uuid(int entry) {
		return Rand.uuid(seed, Streams.UUID, bundleSeq * 64 + entry);
	}

	private void begin(Kind kind) throws IOException {
		bundlesByKind.merge(kind, 1L, Long::sum);
		SubmissionContract.startBundle(json);
	}

	private void end() throws IOException {
		SubmissionContract.endBundle(json);
		bundleSeq++;
	}

	private void counted(String type) {
		resources++;
		resourcesByType.merge(type, 1L, Long::sum);
	}

	private String nextRecord(int resident) {
		int c = p.commune[resident];
		return SubmissionContract.stationRecord(communes.get(c).facilityCode, ++stationRecords[c]);
	}

	private String facility(int resident) {
		return communes.get(p.commune[resident]).facilityCode;
	}

	private String patient(int i, boolean reportDeath) throws IOException {
		String uuid = uuid(0);
		SubmissionContract.patient(json, uuid, ResourceWriter.personalId(p.cccd[i]), j -> writer.patient(j, i, reportDeath));
		counted("Patient");
		return uuid;
	}

	private void organizationBundle(CommuneProfile c) throws IOException {
		begin(Kind.ORGANIZATION);
		SubmissionContract.organization(json, uuid(0), c.facilityCode, j -> writer.organization(j, c));
		counted("Organization");
		end();
	}

	private void registrationBundle(int i, int day, boolean initialLoad) throws IOException {
		begin(Kind.REGISTRATION);
		String patient = patient(i, false);
		if (p.ageYears(i, day) < 18) {
			int entry = 1;
			if (p.guardian1[i] != Population.NONE) {
				int guardian = p.guardian1[i];
				String record = nextRecord(i);
				SubmissionContract.record(json, uuid(entry++), "RelatedPerson", record,
						j -> writer.relatedPerson(j, patient, guardian, p.role1[i], record));
				counted("RelatedPerson");
			}
			if (p.guardian2[i] != Population.NONE) {
				int guardian = p.guardian2[i];
				String record = nextRecord(i);
				SubmissionContract.record(json, uuid(entry), "RelatedPerson", record,
						j -> writer.relatedPerson(j, patient, guardian, p.role2[i], record));
				counted("RelatedPerson");
			}
		}
		if (initialLoad) {
			Circumstances.Card card = circumstances.cardOn(i, day);
			if (card != null) {
				coverage(i, patient, card, 20);
			}
		}
		end();
	}

	/** The card, with the record number of its first submission when it was sent before. */
	private void coverage(int i, String patient, Circumstances.Card card, int entry) throws IOException {
		String record;
		if (cardStart[i] == card.start()) {
			record = SubmissionContract.stationRecord(facility(i), cardRecord[i]);
		} else {
			record = nextRecord(i);
			cardStart[i] = card.start();
			cardRecord[i] = stationRecords[p.commune[i]];
		}
		String number = card.category().name() + card.category().level + province.code()
				+ Circumstances.socialInsuranceNumber(seed, province.code(), i);
		SubmissionContract.record(json, uuid(entry), "Coverage", record, j -> writer.coverage(j, patient, card, number, p.commune[i], record));
		counted("Coverage");
	}

	private void coverageBundle(int i, Circumstances.Card card) throws IOException {
		begin(Kind.COVERAGE);
		String patient = patient(i, false);
		coverage(i, patient, card, 1);
		end();
	}

	private void vaccinationHistory(int i) throws IOException {
		int previous = Integer.MIN_VALUE;
		for (int k = 0; k < vaccination.doses(i); k++) {
			int day = vaccination.day(i, k);
			if (day < firstDay && day != previous) {
				vaccinationBundle(i, k);
			}
			previous = day;
		}
	}

	/** Every dose given to the child on the day of its k-th dose. */
	private void vaccinationBundle(int i, int first) throws IOException {
		begin(Kind.VACCINATION);
		String patient = patient(i, false);
		int day = vaccination.day(i, first);
		SplittableRandom r = Rand.stream(seed, Streams.UUID, -bundleSeq - 1);
		int minutes = vaccination.vaccine(i, first) == Vaccine.HEPB_BIRTH ? r.nextInt(24 * 60) : 7 * 60 + 30 + r.nextInt(210);
		int entry = 1;
		for (int k = first; k < vaccination.doses(i) && vaccination.day(i, k) == day; k++) {
			Vaccine v = vaccination.vaccine(i, k);
			int dose = vaccination.doseNumber(i, k);
			String record = nextRecord(i);
			int at = minutes + (k - first);
			SubmissionContract.record(json, uuid(entry++), "Immunization", record,
					j -> writer.immunization(j, patient, v, dose, day, at, p.commune[i], record));
			counted("Immunization");
		}
		end();
	}

	private void checkupBundle(int i, int day) throws IOException {
		int year = Population.year(day);
		Circumstances.Checkup checkup = circumstances.checkup(i, year);
		if (checkup.day() != day) {
			throw new IllegalStateException("check-up moved");
		}
		begin(Kind.CHECKUP);
		String patient = patient(i, false);
		SplittableRandom r = Rand.stream(seed, Streams.UUID, -bundleSeq - 1);
		int start = 7 * 60 + r.nextInt(9 * 60);
		int end = start + 15 + r.nextInt(45);
		int groups = 0;
		if (checkup.type() == Circumstances.CheckupType.ANNUAL_FREE || checkup.type() == Circumstances.CheckupType.FREE_SCREENING) {
			groups = circumstances.groups(i, day);
			if (groups == 0 && checkup.type() == Circumstances.CheckupType.ANNUAL_FREE) {
				groups = Circumstances.bit(Circumstances.TargetGroup.GENERAL);
			}
		}
		String encounter = uuid(1);
		String encounterRecord = nextRecord(i);
		Circumstances.CheckupType type = checkup.type();
		int targetGroups = groups;
		SubmissionContract.record(json, encounter, "Encounter", encounterRecord,
				j -> writer.encounter(j, patient, type, targetGroups, day, start, end, p.commune[i], encounterRecord));
		counted("Encounter");

		Vitals v = Vitals.measure(seed, p, i, day);
		String effective = writer.dateTime(day, start + 5);
		String height = uuid(2);
		String weight = uuid(3);
		vital(i, height, "vn-body-height", "8302-2", "Body height", Vitals.tenths(v.heightTenths()), "cm", patient, encounter, effective);
		vital(i, weight, "vn-body-weight", "29463-7", "Body weight", Vitals.tenths(v.weightTenths()), "kg", patient, encounter, effective);
		vital(i, uuid(4), "vn-bmi", "39156-5", "Body mass index (BMI) [Ratio]", Vitals.tenths(v.bmiTenths()), "kg/m2", patient, encounter,
				effective, height, weight);
		vital(i, uuid(5), "vn-heart-rate", "8867-4", "Heart rate", Integer.toString(v.heartRate()), "/min", patient, encounter, effective);
		if (v.bloodPressure()) {
			String record = nextRecord(i);
			SubmissionContract.record(json, uuid(6), "Observation", record,
					j -> writer.bloodPressure(j, v.systolic(), v.diastolic(), patient, encounter, effective, record));
			counted("Observation");
		}
		if (v.glucoseTenths() != Vitals.NO_GLUCOSE) {
			String record = nextRecord(i);
			SubmissionContract.record(json, uuid(7), "Observation", record,
					j -> writer.fastingGlucose(j, Vitals.tenths(v.glucoseTenths()), patient, encounter, effective, record));
			counted("Observation");
		}
		if (v.classification() != null) {
			String record = nextRecord(i);
			String concluded = writer.dateTime(day, end);
			SubmissionContract.record(json, uuid(8), "Observation", record,
					j -> writer.healthClassification(j, v.classification(), patient, encounter, concluded, record));
			counted("Observation");
		}
		Circumstances.Card card = circumstances.cardOn(i, day);
		if (card != null) {
			if (cardStart[i] != card.start()) {
				throw new IllegalStateException("card of resident " + i + " not submitted before the check-up");
			}
			coverage(i, patient, card, 9);
		}
		end();

		// what the server will know
		checkupYears[i] |= 1 << (year - firstYear);
		if (type == Circumstances.CheckupType.SCHOOL) {
			schoolCheckYears[i] |= 1 << (year - firstYear);
		}
		firstEncounter[i] = Math.min(firstEncounter[i], day);
		int age = p.ageYears(i, day);
		if (age >= 1 && age <= 18) {
			truth.height(year, p.commune[i], p.sex[i], age, v.heightTenths());
		}
	}

	private void vital(int i, String uuid, String profile, String loinc, String display, String value, String unit, String patient,
			String encounter, String effective, String... derivedFrom) throws IOException {
		String record = nextRecord(i);
		SubmissionContract.record(json, uuid, "Observation", record,
				j -> writer.vitalSign(j, profile, loinc, display, value, unit, patient, encounter, effective, record, derivedFrom));
		counted("Observation");
	}

	private void deathBundle(int i) throws IOException {
		begin(Kind.DEATH);
		patient(i, true);
		end();
	}

	// ------------------------------------------------------------------ truth

	private void countTruth() {
		for (int i = 0; i < p.size; i++) {
			int c = p.commune[i];
			int born = p.birth[i];
			for (int year = firstYear; year <= options.lastYear(); year++) {
				int y = year - firstYear;
				int december31 = Population.day(year, 12, 31);
				if (p.alive(i, december31)) {
					truth.count(Truth.Indicator.CHECKUP, year, c, (checkupYears[i] & (1 << y)) != 0);
					if (circumstances.groups(i, december31) != 0) {
						truth.count(Truth.Indicator.CHECKUP_PRIORITY, year, c, (checkupYears[i] & (1 << y)) != 0);
					}
					truth.count(Truth.Indicator.BHYT, year, c, circumstances.cardOn(i, december31) != null);
					truth.count(Truth.Indicator.HEALTH_BOOK, year, c, firstEncounter[i] <= december31);
				}
				if (circumstances.pupil(i, year) && p.alive(i, Population.day(year, 9, 5))) {
					truth.count(Truth.Indicator.PUPILS, year, c, (schoolCheckYears[i] & (1 << y)) != 0);
				}
				if (Population.year(born) == year) {
					truth.count(Truth.Indicator.HEPB_BIRTH, year, c, dosesBefore(i, Vaccine.HEPB_BIRTH, born + 2) >= 1);
				}
			}
			int birthday1 = Population.birthday(born, 1);
			if (birthday1 >= firstDay && birthday1 <= lastDay && p.alive(i, birthday1)) {
				int year = Population.year(birthday1);
				boolean full = true;
				for (Map.Entry<Vaccine, Integer> dose : Truth.FULL_DOSE_SET.entrySet()) {
					full &= dosesBefore(i, dose.getKey(), birthday1) >= dose.getValue();
				}
				truth.count(Truth.Indicator.FULLY_IMMUNIZED, year, c, full);
				truth.count(Truth.Indicator.BCG, year, c, dosesBefore(i, Vaccine.BCG, birthday1) >= 1);
				truth.count(Truth.Indicator.PENTA3, year, c, dosesBefore(i, Vaccine.PENTA, birthday1) >= 3);
				truth.count(Truth.Indicator.OPV3, year, c, dosesBefore(i, Vaccine.OPV, birthday1) >= 3);
				truth.count(Truth.Indicator.IPV1, year, c, dosesBefore(i, Vaccine.IPV, birthday1) >= 1);
				truth.count(Truth.Indicator.MEASLES1, year, c, dosesBefore(i, Vaccine.MEASLES, birthday1) >= 1);
			}
			int birthday2 = Population.birthday(born, 2);
			if (birthday2 >= firstDay && birthday2 <= lastDay && p.alive(i, birthday2)) {
				int year = Population.year(birthday2);
				truth.count(Truth.Indicator.MR, year, c, dosesBefore(i, Vaccine.MR, birthday2) >= 1);
				truth.count(Truth.Indicator.DPT4, year, c, dosesBefore(i, Vaccine.DPT_BOOSTER, birthday2) >= 1);
			}
		}
	}

	/** Doses of the vaccine written for the child with a date before {@code day}. */
	private int dosesBefore(int child, Vaccine vaccine, int day) {
		int n = 0;
		for (int k = 0; k < vaccination.doses(child); k++) {
			if (vaccination.vaccine(child, k) == vaccine && vaccination.day(child, k) < day && vaccination.given(child, k, lastDay)) {
				n++;
			}
		}
		return n;
	}

	/** A growable array of longs. */
	private static final class LongList {
		private long[] values = new long[1024];
		private int size;

		void add(long v) {
			if (size == values.length) {
				values = Arrays.copyOf(values, size * 2);
			}
			values[size++] = v;
		}

		long[] toArray() {
			return Arrays.copyOf(values, size);
		}
	}
}
