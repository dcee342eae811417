package vn.sskdt.support;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Reference;

/** Vaccinations as a station records them, valid against our profile {@code vn-immunization}. */
public final class Vaccinations {

	public static final String VN_VACCINE = "https://sskdt.vn/fhir/CodeSystem/vn-vaccine";

	private Vaccinations() {}

	/** A completed dose of a national vaccine ({@code vn-vaccine} code) given on {@code date}. */
	public static Immunization dose(String patientReference, String vaccine, LocalDate date, int doseNumber) {
		Immunization dose = new Immunization();
		dose.setStatus(Immunization.ImmunizationStatus.COMPLETED);
		dose.getVaccineCode().addCoding(new Coding(VN_VACCINE, vaccine, null));
		dose.setPatient(new Reference(patientReference));
		dose.setOccurrence(new DateTimeType(date.toString()));
		dose.setPrimarySource(true);
		dose.addProtocolApplied().setSeries("TCMR").setDoseNumber(new org.hl7.fhir.r4.model.PositiveIntType(doseNumber));
		return dose;
	}
}
