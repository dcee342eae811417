package vn.sskdt.support;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** Records a station submits about a resident, made from the package examples (so valid against our profiles). */
public final class HealthRecords {

	private HealthRecords() {}

	/** A completed dose of a national-schedule vaccine ({@code bcg}, {@code penta}, …) on a day. */
	public static Immunization dose(IdType patient, String vaccine, String day) {
		Immunization dose = Examples.get("vn-immunization-penta-example");
		dose.setId((String) null);
		dose.getVaccineCode().getCoding().removeIf(c -> !c.getSystem().endsWith("/vn-vaccine"));
		dose.getVaccineCode().getCodingFirstRep().setCode(vaccine).setDisplay(null);
		dose.setPatient(new Reference(patient.toUnqualifiedVersionless()));
		dose.setOccurrence(new DateTimeType(day));
		return dose;
	}

	/** A BHYT card valid from {@code start} to {@code end} (null: no end). */
	public static Coverage insurance(IdType patient, String start, String end) {
		Coverage card = Examples.get("vn-coverage-example");
		card.setId((String) null);
		card.setBeneficiary(new Reference(patient.toUnqualifiedVersionless()));
		card.getPeriod().setStartElement(new DateTimeType(start)).setEndElement(end == null ? null : new DateTimeType(end));
		return card;
	}

	/** A finished check-up of a type ({@code annual-free}, {@code school}…) on a day. */
	public static Encounter checkup(IdType patient, String type, String day) {
		Encounter checkup = Examples.get("vn-checkup-encounter-example");
		checkup.setId((String) null);
		checkup.getTypeFirstRep().getCodingFirstRep().setCode(type).setDisplay(null);
		checkup.setSubject(new Reference(patient.toUnqualifiedVersionless()));
		checkup.getPeriod().setStartElement(new DateTimeType(day + "T08:00:00+07:00"))
				.setEndElement(new DateTimeType(day + "T08:30:00+07:00"));
		return checkup;
	}

	/** A check-up's observation made from a package example ({@code vn-body-height-example}, …), on a day. */
	public static Observation observation(String example, IdType patient, IdType checkup, String day) {
		Observation observation = Examples.get(example);
		observation.setId((String) null);
		observation.setSubject(new Reference(patient.toUnqualifiedVersionless()));
		observation.setEncounter(checkup == null ? null : new Reference(checkup.toUnqualifiedVersionless()));
		observation.setEffective(new DateTimeType(day + "T08:10:00+07:00"));
		return observation;
	}

	/** A check-up's health classification (Loại {@code I}…{@code V}, QĐ 1613/BYT-QĐ) on a day. */
	public static Observation classification(IdType patient, IdType checkup, String healthClass, String day) {
		Observation classification = observation("vn-health-classification-example", patient, checkup, day);
		classification.getValueCodeableConcept().getCodingFirstRep().setCode(healthClass).setDisplay(null);
		return classification;
	}

	/** A screening finding of a check-up, coded in ICD-10 ({@code I10} hypertension, {@code E11} diabetes…). */
	public static Condition finding(IdType patient, String icd10, String display, String day) {
		Condition finding = new Condition();
		finding.getClinicalStatus().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
		finding.getVerificationStatus().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null));
		finding.addCategory().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null));
		finding.getCode().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10", icd10, display));
		finding.setSubject(new Reference(patient.toUnqualifiedVersionless()));
		finding.setOnset(new DateTimeType(day));
		return finding;
	}
}
