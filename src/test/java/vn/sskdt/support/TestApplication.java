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
		properties.putAll(extraProperties);
		return new TestApplication(new SpringApplicationBuilder(SskdtApplication.class).properties(properties).run());
	}

	public String fhirBaseUrl() {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + "/fhir";
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}
}
