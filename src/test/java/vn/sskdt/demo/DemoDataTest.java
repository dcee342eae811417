package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * What the first start of the embedded default loads, as configured in application.yaml: a commune
 * whose residents include the sign-in's demo citizens, the parent with children under 18.
 */
class DemoDataTest {

	@Test
	void theDemoCitizensHaveHealthBooksInTheDemoCommune() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
				.forEach(environment.getPropertySources()::addLast);
		DemoDataProperties properties = Binder.get(environment).bind("sskdt.demo-data", DemoDataProperties.class).get();
		assertThat(properties.enabled()).as("unset: decided by the store").isNull();

		List<String> bundles = new DemoData(properties, environment, null, null, null).bundles();

		List<JsonNode> patients = new ArrayList<>();
		List<JsonNode> guardians = new ArrayList<>();
		for (String bundle : bundles) {
			for (JsonNode entry : Generated.parse(bundle).path("entry")) {
				JsonNode resource = entry.path("resource");
				switch (resource.path("resourceType").asText()) {
					case "Patient" -> patients.add(resource);
					case "RelatedPerson" -> guardians.add(resource);
					default -> { }
				}
			}
		}
		assertThat(patients).anySatisfy(p -> {
			assertThat(p.path("identifier").toString()).contains("046185001234");
			assertThat(p.path("name").path(0).path("text").asText()).isEqualTo("Nguyễn Thị Hoa");
			assertThat(p.path("birthDate").asText()).startsWith("1985");
			assertThat(p.path("gender").asText()).isEqualTo("female");
		});
		assertThat(patients).anySatisfy(p -> {
			assertThat(p.path("identifier").toString()).contains("046190054321");
			assertThat(p.path("name").path(0).path("text").asText()).isEqualTo("Lê Thị Mai");
		});
		assertThat(guardians).as("Lê Thị Mai is a child's guardian").anySatisfy(r -> {
			assertThat(r.path("identifier").toString()).contains("046190054321");
			assertThat(r.path("relationship").toString()).contains("MTH");
		});
		assertThat(patients.stream().map(p -> p.path("address").path(0).toString()))
				.allSatisfy(address -> assertThat(address).contains("19777"));
		assertThat(bundles.get(0)).as("the station first").contains("\"Organization\"");
	}

	/** docker/docker-compose.yml turns it off by environment variable; the embedded default turns it on. */
	@Test
	void onByDefaultOnlyOnTheEmbeddedStoreAndOffByEnvironmentVariable() throws Exception {
		assertThat(demoData(Map.of()).enabled()).isTrue();
		assertThat(demoData(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/sskdt")).enabled()).isFalse();
		assertThat(demoData(Map.of("SSKDT_DEMO_DATA_ENABLED", "false")).enabled()).isFalse();
		assertThat(demoData(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/sskdt", "SSKDT_DEMO_DATA_ENABLED", "true"))
				.enabled()).isTrue();
	}

	private static DemoData demoData(Map<String, Object> environmentVariables) throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(
				new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
		new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
				.forEach(environment.getPropertySources()::addLast);
		ConfigurationPropertySources.attach(environment);
		DemoDataProperties properties = Binder.get(environment).bind("sskdt.demo-data", DemoDataProperties.class).get();
		return new DemoData(properties, environment, null, null, null);
	}
}
