package vn.sskdt.support;

import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;

/** Test residents with personal IDs that never collide between tests of one run. */
public final class Residents {

	public static final String CCCD = "http://fhir.hl7.org.vn/core/sid/cccd";

	private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 900_000);

	private Residents() {}

	/** A 12-digit personal ID of a woman born in 1985, registered in Huế (old code 046). */
	public static String newPersonalId() {
		return String.format("046185%06d", SERIAL.incrementAndGet() % 1_000_000);
	}

	public static Patient resident(String personalId) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(CCCD).setValue(personalId);
		patient.addName().setFamily("Nguyễn").addGiven("Thị Lan");
		patient.setGender(AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1985-04-12"));
		return patient;
	}

	/** A 12-digit personal ID of a boy born in 2022, registered in Huế. */
	public static String newChildPersonalId() {
		return String.format("046222%06d", SERIAL.incrementAndGet() % 1_000_000);
	}

	/**
	 * A 12-digit personal ID that agrees with the birth date and sex (4th digit century and sex, 5th–6th
	 * the year of birth), as our profile requires, registered in Huế.
	 */
	public static String newPersonalId(java.time.LocalDate birth, boolean male) {
		int centuryAndSex = (birth.getYear() / 100 - 19) * 2 + (male ? 0 : 1);
		return String.format("046%d%02d%06d", centuryAndSex, birth.getYear() % 100, SERIAL.incrementAndGet() % 1_000_000);
	}

	/** A resident whose home address is in the given commune of Huế (province 46). */
	public static Patient livingIn(String personalId, String communeCode) {
		Patient patient = resident(personalId);
		if (personalId.startsWith("046222")) {
			patient.setGender(AdministrativeGender.MALE);
			patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2022-06-01"));
		}
		org.hl7.fhir.r4.model.Address home = patient.addAddress().setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME);
		home.addExtension("https://sskdt.vn/fhir/StructureDefinition/vn-province",
				new org.hl7.fhir.r4.model.Coding("https://sskdt.vn/fhir/CodeSystem/vn-province", "46", null));
		home.addExtension("https://sskdt.vn/fhir/StructureDefinition/vn-commune",
				new org.hl7.fhir.r4.model.Coding("https://sskdt.vn/fhir/CodeSystem/vn-commune", communeCode, null));
		return patient;
	}

	/** A resident of the given commune of Huế, born on the given day. */
	public static Patient born(String birthDate, boolean male, String communeCode) {
		Patient patient = livingIn(newPersonalId(java.time.LocalDate.parse(birthDate), male), communeCode);
		patient.setGender(male ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
		return patient;
	}

	public static Patient resident() {
		return resident(newPersonalId());
	}
}
