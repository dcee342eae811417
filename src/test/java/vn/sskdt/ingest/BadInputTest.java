package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Examples;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Residents;

/** What stations' software gets back when it sends something the server cannot take. */
class BadInputTest extends FhirServerTest {

	@Test
	void malformedJsonIsRefusedWithWhereItBroke() throws Exception {
		String personalId = Residents.newPersonalId();
		String truncated = json(Residents.resident(personalId)).substring(0, 60);

		HttpResponse<String> response = postJson("/fhir/Patient", truncated);

		assertOutcome(response, 400, "line: 1");
		assertNotStored(personalId);
	}

	@Test
	void bodyOfAnotherResourceTypeIsRefused() throws Exception {
		HttpResponse<String> response = postJson("/fhir/Patient", json(new Observation().setStatus(Observation.ObservationStatus.FINAL)));

		assertOutcome(response, 400, "Observation");
	}

	@Test
	void unknownResourceTypeIsNotFound() throws Exception {
		HttpResponse<String> response = postJson("/fhir/HealthBook", "{\"resourceType\":\"HealthBook\"}");

		assertOutcome(response, 404, "HealthBook");
	}

	@Test
	void resourceTypeOutsideTheHealthBookIsNotServed() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fhir/Specimen")));

		assertOutcome(response, 404, "Specimen");
	}

	@Test
	void twentyMegabyteBodyIsRefusedBeforeItIsSent() throws Exception {
		String personalId = Residents.newPersonalId();

		String response = RawUpload.postWithExpectContinue("localhost", port, "/fhir/Patient", hugePatient(personalId));

		assertRawOutcome(response, 413, "10 MB");
		assertNotStored(personalId);
	}

	@Test
	void bodyWithoutLengthIsCutOffAtTheLimit() throws Exception {
		String personalId = Residents.newPersonalId();

		String response = RawUpload.postChunked("localhost", port, "/fhir/Patient", hugePatient(personalId));

		assertRawOutcome(response, 413, "10 MB");
		assertNotStored(personalId);
	}

	@Test
	void transactionWithDanglingPlaceholderStoresNothing() throws Exception {
		String personalId = Residents.newPersonalId();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:8a3c1c1e-0000-4000-8000-000000000001")
				.setResource(Residents.resident(personalId))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Observation orphan = Examples.get("vn-body-height-example"); // valid in every way but its subject
		orphan.setId((String) null);
		orphan.setEncounter(null);
		orphan.setSubject(new Reference("urn:uuid:8a3c1c1e-0000-4000-8000-00000000dead"));
		transaction.addEntry().setResource(orphan).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		HttpResponse<String> response = postJson("/fhir", json(transaction));

		assertOutcome(response, 400, "urn:uuid:8a3c1c1e-0000-4000-8000-00000000dead");
		assertNotStored(personalId);
	}

	private byte[] hugePatient(String personalId) {
		Patient patient = Residents.resident(personalId);
		patient.addName().setText("x".repeat(20 * 1024 * 1024));
		return json(patient).getBytes(StandardCharsets.UTF_8);
	}

	private void assertRawOutcome(String rawResponse, int status, String mentioned) {
		assertThat(rawResponse).startsWith("HTTP/1.1 " + status);
		OperationOutcome outcome = parse(OperationOutcome.class, rawResponse.substring(rawResponse.indexOf('{')));
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(mentioned);
	}

	private void assertOutcome(HttpResponse<String> response, int status, String mentioned) {
		assertThat(response.statusCode()).isEqualTo(status);
		OperationOutcome outcome = parse(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).isNotEmpty().allSatisfy(issue ->
				assertThat(issue.getSeverity()).isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL));
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(mentioned);
	}

	private void assertNotStored(String personalId) {
		Bundle found = fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, personalId))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getTotal()).isZero();
	}
}
