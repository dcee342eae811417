package vn.sskdt.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Examples;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Residents;

/** Every example of our FHIR package is accepted by the server, and stored as conforming to its profile. */
class ProfileExamplesTest extends FhirServerTest {

	@Test
	void everyExampleOfThePackageIsAccepted() {
		assertThat(Examples.all()).hasSizeGreaterThanOrEqualTo(13);
		assertThat(storedExamples.getEntry()).hasSize(Examples.all().size())
				.allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).matches("20[01].*"));
	}

	@Test
	void aResourceDeclaringNoProfileIsHeldToOursAndSaysSo() {
		Patient resident = Residents.resident();
		assertThat(resident.getMeta().getProfile()).isEmpty();

		Patient stored = (Patient) fhir.create().resource(resident).execute().getResource();

		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue())
				.containsExactly(Examples.<Resource>get("vn-patient-example").getMeta().getProfile().get(0).getValue());
	}
}
