package vn.sskdt.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default store when no external database is configured: a real PostgreSQL 17 started by the
 * application (zonky ships the binaries through Maven Central), so a newcomer needs no database
 * server and still runs on the same engine as production. With {@code spring.datasource.url} set,
 * this class is inactive and Spring Boot's own DataSource configuration connects to that server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfig {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
		Path dataDirectory = Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
		Files.createDirectories(dataDirectory);
		return EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				// keep the cluster between starts: initdb runs only when the directory is empty
				.setCleanDataDirectory(false)
				.setPort(properties.port())
				.start();
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(postgres.getJdbcUrl("postgres", "postgres"))
				.username("postgres")
				.build();
	}
}
