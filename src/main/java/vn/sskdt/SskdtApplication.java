package vn.sskdt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** SSKĐT: the electronic health book FHIR server. */
// Flyway and Elasticsearch come with HAPI as optional engines (its migrator, its full-text search);
// Spring Boot must not start them on its own.
@SpringBootApplication(
		exclude = {
			FlywayAutoConfiguration.class,
			ElasticsearchClientAutoConfiguration.class,
			ElasticsearchRestClientAutoConfiguration.class,
			// security is configured in vn.sskdt.security only: no generated user, no default servers
			UserDetailsServiceAutoConfiguration.class,
			OAuth2AuthorizationServerAutoConfiguration.class,
			OAuth2AuthorizationServerJwtAutoConfiguration.class
		})
@ConfigurationPropertiesScan
public class SskdtApplication {

	public static void main(String[] args) {
		SpringApplication.run(SskdtApplication.class, args);
	}
}
