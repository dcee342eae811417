package vn.sskdt.bench.cql;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.IRepositoryFactory;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.util.VersionEnum;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cr.hapi.common.StringTimePeriodHandler;
import org.opencds.cqf.fhir.cr.hapi.r4.R4MeasureEvaluatorMultipleFactory;
import org.opencds.cqf.fhir.cr.hapi.r4.R4MeasureEvaluatorSingleFactory;
import org.opencds.cqf.fhir.cr.hapi.r4.measure.MeasureOperationsProvider;
import org.opencds.cqf.fhir.cr.hapi.repository.ClinicalIntelligenceHapiFhirRepository;
import org.opencds.cqf.fhir.cr.measure.MeasureEvaluationOptions;
import org.opencds.cqf.fhir.cr.measure.common.MeasurePeriodValidator;
import org.opencds.cqf.fhir.cr.measure.r4.R4MultiMeasureService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * A plain HAPI FHIR JPA server (R4) on an embedded PostgreSQL 17 with clinical reasoning's
 * {@code Measure/$evaluate-measure}: the standard evaluation, CQL run per person, that bench/cql.sh
 * compares with our fact tables. No profiles, no security, no interceptors of ours: the stock
 * behaviour is what is measured. The operation is HAPI's own provider class (the one the HAPI JPA
 * starter registers), wired by hand because the rest of clinical reasoning's Spring configuration
 * (CRMI, care gaps, CDS hooks, eCR) is not needed for this question.
 */
// Flyway and Elasticsearch come with HAPI as optional engines (its migrator, its full-text search);
// Spring Boot must not start them on its own (as in the production server's SskdtApplication)
@SpringBootApplication(exclude = {
	FlywayAutoConfiguration.class, ElasticsearchClientAutoConfiguration.class, ElasticsearchRestClientAutoConfiguration.class})
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	ThreadPoolFactoryConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	SubscriptionChannelConfig.class
})
public class CqlServer {

	public static void main(String[] args) {
		SpringApplication.run(CqlServer.class, args);
	}

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(@Value("${bench.data-directory:./data/postgres}") String directory,
			@Value("${bench.database-port:0}") int port) throws IOException {
		Path data = Path.of(directory).toAbsolutePath().normalize();
		Files.createDirectories(data);
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	@Bean
	@Primary
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = DataSourceBuilder.create().type(HikariDataSource.class)
				.url(postgres.getJdbcUrl("postgres", "postgres")).username("postgres").build();
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

	/** HAPI's schema, made by HAPI's own migration tasks (as its CLI does) before Hibernate starts. */
	@Bean
	Object hapiSchema(DataSource dataSource) {
		HapiMigrator migrator = new HapiMigrator("FLY_HFJ_MIGRATION", dataSource, DriverTypeEnum.POSTGRES_9_4);
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
		migrator.createMigrationTableIfRequired();
		var result = migrator.migrate();
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("HAPI schema migration failed: " + result.failedTasks);
		}
		return result;
	}

	@Bean
	JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// the generator's bundles use conditional references and ifNoneExist, as in our server
		settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		return settings;
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Bean
	@Primary
	LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext, JpaStorageSettings storageSettings, DataSource dataSource,
			@org.springframework.beans.factory.annotation.Qualifier("hapiSchema") Object schemaIsCurrent) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaPropertyMap(Map.of(
				AvailableSettings.DIALECT, HapiFhirPostgresDialect.class.getName(),
				AvailableSettings.HBM2DDL_AUTO, "none",
				AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner",
				AvailableSettings.STATEMENT_BATCH_SIZE, "20",
				AvailableSettings.ORDER_INSERTS, "true",
				AvailableSettings.USE_SECOND_LEVEL_CACHE, "false",
				AvailableSettings.USE_QUERY_CACHE, "false",
				"hibernate.search.enabled", "false"));
		return factory;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	/**
	 * Clinical reasoning's defaults (those of the HAPI JPA starter: expression caching on, compiled
	 * libraries cached between requests); FHIRHelpers 4.0.1 comes from the CQL translator's jar.
	 */
	@Bean
	MeasureEvaluationOptions measureEvaluationOptions() {
		MeasureEvaluationOptions options = MeasureEvaluationOptions.defaultOptions();
		options.setEvaluationSettings(EvaluationSettings.getDefault());
		return options;
	}

	@Bean
	RestfulServer fhirRestfulServer(FhirContext fhirContext, ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider, DatabaseBackedPagingProvider pagingProvider, DaoRegistry daoRegistry,
			MeasureEvaluationOptions evaluationOptions) {
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
		RestfulServer server = new RestfulServer(fhirContext);
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);

		// what clinical reasoning's CrR4Config and RepositoryConfig do for $evaluate-measure
		IRepositoryFactory repositories = request -> new ClinicalIntelligenceHapiFhirRepository(daoRegistry, request, server);
		MeasurePeriodValidator periodValidator = new MeasurePeriodValidator();
		R4MeasureEvaluatorSingleFactory single = request -> new R4MultiMeasureService(
				repositories.create(request), evaluationOptions, request.getFhirServerBase(), periodValidator);
		R4MeasureEvaluatorMultipleFactory multiple = request -> new R4MultiMeasureService(
				repositories.create(request), evaluationOptions, request.getFhirServerBase(), periodValidator);
		// periodStart=2025-01-01 means local midnight in Vietnam, like our server's dates (UTC+7); a request
		// may still say otherwise with clinical reasoning's "Timezone" header
		server.registerProvider(new MeasureOperationsProvider(single, multiple,
				new StringTimePeriodHandler(ZoneId.of("Asia/Ho_Chi_Minh"))));
		return server;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
