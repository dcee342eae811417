package vn.sskdt.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.http.HttpRequest;
import java.util.Arrays;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Residents;

/** What operators scrape: health with the database, JVM, HTTP, pool and FHIR-level metrics. */
class FhirRequestMetricsTest extends FhirServerTest {

	@Test
	void countsAndTimesEachInteractionByResourceTypeAndOutcome() throws Exception {
		double createdBefore = count("Patient", "create", "success");
		double missingBefore = count("Patient", "read", "client_error");

		IdType id = (IdType) fhir.create().resource(Residents.resident()).execute().getId();
		fhir.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
		try {
			fhir.read().resource(Patient.class).withId("no-such-resident").execute();
		} catch (ResourceNotFoundException expected) {
			// a 404 is an outcome to count, not a failure of the test
		}

		assertThat(count("Patient", "create", "success")).isEqualTo(createdBefore + 1);
		assertThat(count("Patient", "read", "client_error")).isEqualTo(missingBefore + 1);
	}

	@Test
	void prometheusShowsJvmHttpAndConnectionPool() throws Exception {
		fhir.capabilities().ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute();

		String scrape = prometheus();

		assertThat(scrape).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count", "hikaricp_connections_active",
				"fhir_requests_seconds_count{application=\"sskdt\",interaction=\"metadata\"");
	}

	@Test
	void timesTheValidationOfEachTransaction() throws Exception {
		double before = metric("sskdt_profiles_validation_cpu_seconds_count");
		double cpuBefore = metric("sskdt_profiles_validation_cpu_seconds_sum");
		org.hl7.fhir.r4.model.Bundle transaction = new org.hl7.fhir.r4.model.Bundle()
				.setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(Residents.resident()).getRequest()
				.setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("Patient");
		fhir.transaction().withBundle(transaction).execute();

		assertThat(metric("sskdt_profiles_validation_cpu_seconds_count")).isEqualTo(before + 1);
		assertThat(metric("sskdt_profiles_validation_cpu_seconds_sum")).isGreaterThan(cpuBefore);
		assertThat(metric("sskdt_profiles_validation_seconds_count")).isGreaterThanOrEqualTo(before + 1);
	}

	@Test
	void healthIncludesTheDatabase() throws Exception {
		String health = send(HttpRequest.newBuilder(uri("/actuator/health"))).body();

		assertThat(health).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
	}

	@Test
	void metricsNeverCarryPersonalIdentifiers() throws Exception {
		String personalId = Residents.newPersonalId();
		fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(Residents.CCCD, personalId))
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute();

		assertThat(prometheus()).doesNotContain(personalId).contains("interaction=\"search-type\"");
	}

	private String prometheus() throws Exception {
		return send(HttpRequest.newBuilder(uri("/actuator/prometheus"))).body();
	}

	private double metric(String name) throws Exception {
		return Arrays.stream(prometheus().split("\n")).filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
	}

	private double count(String resourceType, String interaction, String outcome) throws Exception {
		return Arrays.stream(prometheus().split("\n"))
				.filter(line -> line.startsWith("fhir_requests_seconds_count{"))
				.filter(line -> line.contains("resource_type=\"" + resourceType + "\"")
						&& line.contains("interaction=\"" + interaction + "\"")
						&& line.contains("outcome=\"" + outcome + "\""))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
	}
}
