package vn.sskdt.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * People with health books for access tests, stored through the API by an administrator: a resident
 * of Phường Thuận Hóa (commune 19789, station 46001), a resident of Phường Vỹ Dạ (19777, station
 * 46002), a child of Thuận Hóa whose mother (a Vỹ Dạ resident) is registered as guardian, and a
 * citizen with no record. Each has a height Observation. Fresh personal IDs for each test class.
 */
public final class HealthBooks {

	public static final String THUAN_HOA = "19789";
	public static final String VY_DA = "19777";
	public static final String STATION_THUAN_HOA = "46001";
	public static final String STATION_VY_DA = "46002";

	public final Person resident; // Thuận Hóa
	public final Person neighbour; // Vỹ Dạ
	public final Person child; // Thuận Hóa, minor
	public final Person parent; // Vỹ Dạ, guardian of child
	public final String strangerCccd = Residents.newPersonalId(); // no record at all

	public record Person(String cccd, IdType patient, IdType observation) {
		public String id() {
			return patient.getIdPart();
		}
	}

	public HealthBooks(IGenericClient admin) {
		resident = person(admin, Residents.newPersonalId(), THUAN_HOA);
		neighbour = person(admin, Residents.newPersonalId(), VY_DA);
		child = person(admin, Residents.newChildPersonalId(), THUAN_HOA);
		parent = person(admin, Residents.newPersonalId(), VY_DA);
		RelatedPerson mother = new RelatedPerson();
		mother.setActive(true);
		mother.setPatient(new Reference(child.patient));
		mother.addIdentifier().setSystem(Residents.CCCD).setValue(parent.cccd);
		mother.addRelationship().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother"));
		admin.create().resource(mother).execute();
	}

	private static Person person(IGenericClient admin, String cccd, String commune) {
		Patient patient = Residents.livingIn(cccd, commune);
		IdType patientId = (IdType) admin.create().resource(patient).execute().getId().toUnqualifiedVersionless();
		IdType observationId = (IdType) admin.create().resource(height(patientId)).execute().getId().toUnqualifiedVersionless();
		return new Person(cccd, patientId, observationId);
	}

	/** A body height measured at a check-up, valid against our profile. */
	public static Observation height(IdType patient) {
		Observation height = new Observation();
		height.setStatus(Observation.ObservationStatus.FINAL);
		height.addCategory().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs"));
		height.getCode().addCoding(new Coding("http://loinc.org", "8302-2", "Body height"));
		height.setSubject(new Reference(patient.toUnqualifiedVersionless()));
		height.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-03-02"));
		height.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(158).setUnit("cm")
				.setSystem("http://unitsofmeasure.org").setCode("cm"));
		return height;
	}
}
