package vn.sskdt.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * Children registered with their guardian, as a station submits them: the child, the RelatedPerson
 * naming the guardian's personal ID (what lets the parent open the child's book) and the child's
 * vaccinations, in one transaction stored by an administrator.
 */
public final class Families {

	private Families() {}

	/** A dose to record: the vaccine ({@code vn-vaccine} code), the date, and its status. */
	public record Dose(String vaccine, LocalDate date, Immunization.ImmunizationStatus status) {
		public static Dose given(String vaccine, String date) {
			return new Dose(vaccine, LocalDate.parse(date), Immunization.ImmunizationStatus.COMPLETED);
		}

		public Dose withStatus(Immunization.ImmunizationStatus other) {
			return new Dose(vaccine, date, other);
		}
	}

	/** Stores a boy born on {@code birth}, living in {@code commune}, guarded by {@code guardianCccd}; his id. */
	public static IdType child(IGenericClient admin, String guardianCccd, LocalDate birth, String commune, List<Dose> doses) {
		return child(admin, guardianCccd, birth, true, commune, doses, List.of()).patient();
	}

	/** What {@link #child(IGenericClient, String, LocalDate, boolean, String, List, List)} stored. */
	public record Stored(IdType patient, String cccd, List<IdType> observations) {}

	/**
	 * Stores a child (or, for an adult birth date, a person) with their guardian link, vaccinations and
	 * measurements (whose subject is set to the child) in one transaction.
	 */
	public static Stored child(IGenericClient admin, String guardianCccd, LocalDate birth, boolean male, String commune,
			List<Dose> doses, List<org.hl7.fhir.r4.model.Observation> measurements) {
		String cccd = Residents.newPersonalId(birth, male);
		Patient child = Residents.livingIn(cccd, commune);
		child.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birth.toString()));
		child.setGender(male ? org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE
				: org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		String childUrl = "urn:uuid:" + UUID.randomUUID();
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setFullUrl(childUrl).setResource(child).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		if (guardianCccd != null) {
			RelatedPerson mother = new RelatedPerson();
			mother.setActive(true);
			mother.setPatient(new Reference(childUrl));
			mother.addIdentifier().setSystem(Residents.CCCD).setValue(guardianCccd);
			mother.addRelationship().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother"));
			bundle.addEntry().setResource(mother).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("RelatedPerson");
		}
		int number = 0;
		for (Dose dose : doses) {
			Immunization immunization = Vaccinations.dose(childUrl, dose.vaccine(), dose.date(), ++number);
			immunization.setStatus(dose.status());
			bundle.addEntry().setResource(immunization).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Immunization");
		}
		for (org.hl7.fhir.r4.model.Observation measurement : measurements) {
			measurement.setSubject(new Reference(childUrl));
			bundle.addEntry().setResource(measurement).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		Bundle response = admin.transaction().withBundle(bundle).execute();
		List<IdType> observations = response.getEntry().stream()
				.map(e -> (IdType) new IdType(e.getResponse().getLocation()).toUnqualifiedVersionless())
				.filter(id -> "Observation".equals(id.getResourceType()))
				.toList();
		return new Stored((IdType) new IdType(response.getEntryFirstRep().getResponse().getLocation()).toUnqualifiedVersionless(),
				cccd, observations);
	}
}
