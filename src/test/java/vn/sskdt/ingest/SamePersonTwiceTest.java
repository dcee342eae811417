package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/** One personal ID, one health book: however many times, and however simultaneously, it is submitted. */
class SamePersonTwiceTest extends FhirServerTest {

	@Test
	void simultaneousRegistrationsOfOnePersonCreateOneRecord() throws Exception {
		String cccd = Residents.newPersonalId();
		String staff = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		String body = json(registration(cccd));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Callable<HttpResponse<String>>> submissions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			submissions.add(() -> sendAs(staff, HttpRequest.newBuilder(uri("/fhir"))
					.header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(body))));
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<HttpResponse<String>> answer : pool.invokeAll(submissions)) {
			statuses.add(answer.get().statusCode());
		}
		pool.shutdown();

		assertThat(statuses).as("every station gets a success").containsOnly(200);
		assertThat(patientsWith(cccd)).isEqualTo(1);
	}

	@Test
	void aSecondRecordWithTheSamePersonalIdIsRefused() throws Exception {
		String cccd = Residents.newPersonalId();
		fhir.create().resource(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)).execute();

		HttpResponse<String> duplicate = postJson("/fhir/Patient", json(Residents.livingIn(cccd, HealthBooks.THUAN_HOA)));

		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).contains("OperationOutcome");
		assertThat(patientsWith(cccd)).isEqualTo(1);
	}

	private static Bundle registration(String cccd) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(Residents.livingIn(cccd, HealthBooks.THUAN_HOA))
				.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient?identifier=" + Residents.CCCD + "|" + cccd);
		return bundle;
	}

	private int patientsWith(String cccd) {
		return fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, cccd))
				.returnBundle(Bundle.class).execute().getEntry().size();
	}
}
