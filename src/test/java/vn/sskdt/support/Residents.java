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

	public static Patient resident() {
		return resident(newPersonalId());
	}
}
