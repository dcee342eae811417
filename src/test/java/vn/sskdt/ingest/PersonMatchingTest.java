package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.sskdt.security.CommuneScope;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/** The patient-matching rules of docs/submitting-checkups.md, driven the way stations submit. */
class PersonMatchingTest extends FhirServerTest {

	private final String thuanHoa = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
	private final String vyDa = TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA);

	@Test
	void anUnknownPersonIsRegisteredByTheirFirstCheckup() throws Exception {
		String cccd = Residents.newPersonalId();

		HttpResponse<String> response = submit(thuanHoa, checkup(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(find(cccd)).isNotNull();
	}

	@Test
	void theSameIdWithAnotherBirthDateIsRefusedAndNothingIsStored() throws Exception {
		String cccd = Residents.newPersonalId();
		submit(thuanHoa, checkup(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)));
		Patient claimant = Residents.livingIn(cccd, HealthBooks.THUAN_HOA);
		claimant.setBirthDateElement(new DateType("1985-11-30")); // same year: the ID's digits still fit

		HttpResponse<String> response = submit(thuanHoa, checkup(claimant));

		assertThat(response.statusCode()).isEqualTo(409);
		OperationOutcome outcome = parse(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Bundle.entry[0].resource.birthDate");
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("another birth date");
		assertThat(find(cccd).getBirthDateElement().getValueAsString()).isEqualTo("1985-04-12");
		assertThat(observationsOf(find(cccd))).isEqualTo(1); // only the first check-up's
	}

	@Test
	void anExplicitUpdateCorrectsTheBirthDate() {
		String cccd = Residents.newPersonalId();
		IdType id = (IdType) fhir.create().resource(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)).execute().getId();
		Patient corrected = Residents.livingIn(cccd, HealthBooks.THUAN_HOA);
		corrected.setId(id.toUnqualifiedVersionless());
		corrected.setBirthDateElement(new DateType("1985-11-30"));

		clientAs(thuanHoa).update().resource(corrected).execute();

		assertThat(find(cccd).getBirthDateElement().getValueAsString()).isEqualTo("1985-11-30");
	}

	@Test
	void aResidentWhoMovedIsTakenOverByTheNewCommunesStation() throws Exception {
		String cccd = Residents.newPersonalId();
		submit(thuanHoa, checkup(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)));

		HttpResponse<String> moved = submit(vyDa, checkup(Residents.livingIn(cccd, HealthBooks.VY_DA)));

		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		Patient now = find(cccd);
		assertThat(CommuneScope.communeOf(now)).isEqualTo(HealthBooks.VY_DA);
		assertThat(observationsOf(now)).isEqualTo(2); // one record, both check-ups
		HttpResponse<String> oldStation = sendAs(thuanHoa, HttpRequest.newBuilder(uri("/fhir/Patient/" + now.getIdPart())));
		assertThat(oldStation.statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> submit(String token, Bundle bundle) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(bundle))));
	}

	/** The resident (conditional update on the personal ID) and a height measured at the check-up. */
	private static Bundle checkup(Patient resident) {
		String cccd = resident.getIdentifierFirstRep().getValue();
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUrl = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(patientUrl).setResource(resident).getRequest()
				.setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient?identifier=" + Residents.CCCD + "|" + cccd);
		Observation height = HealthBooks.height(new IdType("Patient/x"));
		height.setSubject(new Reference(patientUrl));
		bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(height).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		return bundle;
	}

	private Patient find(String cccd) {
		Bundle found = fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, cccd)).returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSizeLessThanOrEqualTo(1);
		return found.getEntry().isEmpty() ? null : (Patient) found.getEntryFirstRep().getResource();
	}

	private int observationsOf(Patient patient) {
		return fhir.search().forResource(Observation.class)
				.where(Observation.SUBJECT.hasId(patient.getIdElement().toUnqualifiedVersionless()))
				.returnBundle(Bundle.class).execute().getEntry().size();
	}
}
