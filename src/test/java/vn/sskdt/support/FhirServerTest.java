package vn.sskdt.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that drive the running server over HTTP, as stations, citizens and departments do.
 * All subclasses share one application context (same configuration), on one database of
 * {@link TestPostgres}; tests therefore create their own data with unique identifiers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // Spring Boot turns metrics export off in tests; we test it
public abstract class FhirServerTest {

	private static final String DATABASE_URL = TestPostgres.newDatabase("sskdt_shared");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> DATABASE_URL);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("logging.level.root", () -> "WARN"); // keep CI output readable
		TestTokens.serverProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

	protected IGenericClient fhir;
	protected final HttpClient http = HttpClient.newHttpClient();

	private static boolean examplesStored;

	@BeforeEach
	void fhirClient() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(120_000); // a 250-entry transaction on a busy CI machine
		// most tests are about storage, not access: they act as an administrator (security has its own tests)
		fhir = clientAs(TestTokens.admin());
		if (!examplesStored) {
			// the package's examples (a station, a resident, a check-up…) are the shared reference data
			storedExamples = fhir.transaction().withBundle(Examples.asTransaction()).execute();
			examplesStored = true;
		}
	}

	/** A FHIR client presenting the given bearer token. */
	protected IGenericClient clientAs(String token) {
		IGenericClient client = fhirContext.newRestfulGenericClient(baseUrl());
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}

	/** The server's answer to storing the package examples, once per test run. */
	protected static org.hl7.fhir.r4.model.Bundle storedExamples;

	protected String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}

	protected URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	/** A raw request, for what a well-behaved client would never send. */
	protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		HttpRequest built = request.build();
		if (built.headers().firstValue("Authorization").isEmpty()) {
			built = HttpRequest.newBuilder(built, (name, value) -> true)
					.header("Authorization", "Bearer " + TestTokens.admin()).build();
		}
		return http.send(built, HttpResponse.BodyHandlers.ofString());
	}

	/** A raw request with the given token; {@code null}: no Authorization header at all. */
	protected HttpResponse<String> sendAs(String token, HttpRequest.Builder request) throws Exception {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected HttpResponse<String> postJson(String path, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	protected String json(IBaseResource resource) {
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	protected <T extends IBaseResource> T parse(Class<T> type, String body) {
		return fhirContext.newJsonParser().parseResource(type, body);
	}

	/**
	 * Lists a person's audit trail with the given token, as their app does ({@code AuditEvent?patient=}),
	 * until an event matching {@code wanted} is there. The trail is written off the request thread and
	 * earlier tests may have queued thousands of events ahead (a province read back), hence 5 minutes.
	 * Every event listed must name the person: the trail never shows another's.
	 */
	protected AuditEvent awaitAuditEvent(String token, String patientId, Predicate<AuditEvent> wanted) {
		AuditEvent[] found = new AuditEvent[1];
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).until(() -> {
			HttpResponse<String> trail = sendAs(token, HttpRequest.newBuilder(
					uri("/fhir/AuditEvent?patient=" + patientId + "&_count=200")).header("Accept", "application/fhir+json"));
			assertThat(trail.statusCode()).as(trail.body()).isEqualTo(200);
			parse(Bundle.class, trail.body()).getEntry().stream().map(e -> (AuditEvent) e.getResource())
					.peek(e -> assertThat(e.getEntity()).anySatisfy(entity ->
							assertThat(entity.getWhat().getReference()).isEqualTo("Patient/" + patientId)))
					.filter(wanted).findFirst().ifPresent(e -> found[0] = e);
			return found[0] != null;
		});
		return found[0];
	}
}
