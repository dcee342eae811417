package vn.sskdt.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sskdt.SskdtApplication;

/**
 * Starts a whole server in this JVM on a free port, for tests that need their own start: against
 * another database, or twice against the same one.
 */
public final class TestApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private TestApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** A server on the given external database (user postgres, no password unless given). */
	public static TestApplication start(String jdbcUrl, Map<String, Object> extraProperties) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", 0);
		properties.put("spring.datasource.url", jdbcUrl);
		properties.put("spring.datasource.username", "postgres");
		properties.put("logging.level.root", "WARN"); // keep CI output readable
		properties.putAll(TestTokens.serverProperties());
		properties.putAll(extraProperties);
		// as command-line arguments: they outrank application.yaml (server.port: ${PORT:8080})
		String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new TestApplication(new SpringApplicationBuilder(SskdtApplication.class).run(args));
	}

	public String fhirBaseUrl() {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + "/fhir";
	}

	/** A FHIR client of this server, patient enough for a first request on a busy machine. */
	public ca.uhn.fhir.rest.client.api.IGenericClient client() {
		ca.uhn.fhir.context.FhirContext fhir = ca.uhn.fhir.context.FhirContext.forR4Cached();
		fhir.getRestfulClientFactory().setSocketTimeout(120_000);
		ca.uhn.fhir.rest.client.api.IGenericClient client = fhir.newRestfulGenericClient(fhirBaseUrl());
		client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(TestTokens.admin()));
		return client;
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}
}
