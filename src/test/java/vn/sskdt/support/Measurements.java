package vn.sskdt.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Body height, weight and BMI as a station measures them, valid against our vital-sign profiles. */
public final class Measurements {

	public enum Kind {
		HEIGHT("8302-2", "Body height", "cm"), WEIGHT("29463-7", "Body weight", "kg"), BMI("39156-5", "Body mass index", "kg/m2");

		final String loinc;
		final String display;
		final String unit;

		Kind(String loinc, String display, String unit) {
			this.loinc = loinc;
			this.display = display;
			this.unit = unit;
		}
	}

	private Measurements() {}

	public static Observation of(Kind kind, String subjectReference, LocalDate date, double value) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs"));
		o.getCode().addCoding(new Coding("http://loinc.org", kind.loinc, kind.display));
		o.setSubject(new Reference(subjectReference));
		o.setEffective(new DateTimeType(date.toString()));
		o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(kind.unit)
				.setSystem("http://unitsofmeasure.org").setCode(kind.unit));
		return o;
	}
}
