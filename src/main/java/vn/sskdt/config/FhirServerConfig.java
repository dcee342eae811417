package vn.sskdt.config;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.jobs.imprt.BulkDataImportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Wires HAPI's JPA server (R4) onto our PostgreSQL. HAPI does all FHIR work; this class only chooses
 * settings and mounts HAPI's RestfulServer at {@code /fhir}. Our own features attach as HAPI
 * interceptors (Spring beans implementing {@link FhirServerInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	ThreadPoolFactoryConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	// the in-process message broker that HAPI's batch jobs (bulk export, reindex) run on
	SubscriptionChannelConfig.class
})
public class FhirServerConfig {

	@Bean
	HapiSchemaMigration hapiSchemaMigration(DataSource dataSource, Environment environment) {
		boolean embedded = environment.getProperty("spring.datasource.url", "").isEmpty();
		return new HapiSchemaMigration(dataSource, embedded);
	}

	@Bean
	JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// random ids: a sequential Patient/1, /2, /3 would let anyone enumerate the population
		settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
		// a reference must point at a stored resource: dangling references are refused, never invented
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setAllowMultipleDelete(false);
		settings.setExpungeEnabled(false);
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
	LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			DataSource dataSource,
			HapiSchemaMigration schemaIsCurrent) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaPropertyMap(Map.of(
				AvailableSettings.DIALECT, HapiFhirPostgresDialect.class.getName(),
				// the schema belongs to HAPI's migration tasks (HapiSchemaMigration), never to Hibernate
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

	@Bean
	RestfulServer fhirRestfulServer(
			FhirContext fhirContext,
			IFhirSystemDao<?, ?> systemDao,
			DaoRegistry daoRegistry,
			IJpaSystemProvider systemProvider,
			ResourceProviderFactory resourceProviders,
			DatabaseBackedPagingProvider pagingProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			FhirProperties properties,
			List<FhirServerInterceptor> interceptors,
			List<FhirOperationProvider> operations,
			BulkDataImportProvider bulkImport) {
		// narratives are generated by the citizen features where wanted, not on every write
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
		RestfulServer server = new RestfulServer(fhirContext);
		if (!properties.resourceTypes().isEmpty()) { // empty: every R4 resource type
			daoRegistry.setSupportedResourceTypes(properties.resourceTypes());
		}
		// a type served by a provider of ours (the audit trail, audit/AuditTrailProvider) is not HAPI's to serve
		Set<Class<?>> ownTypes = operations.stream().filter(IResourceProvider.class::isInstance)
				.map(provider -> ((IResourceProvider) provider).getResourceType()).collect(Collectors.toSet());
		server.registerProviders(resourceProviders.createProviders().stream()
				.filter(provider -> !(provider instanceof IResourceProvider typed && ownTypes.contains(typed.getResourceType())))
				.toList());
		server.registerProvider(systemProvider);
		operations.forEach(server::registerProvider);
		// HAPI's Bulk Data Import ($import of NDJSON, $import-poll-status): the initial load of a province
		// (docs/bulk-load.md). The bean comes with Batch2JobsConfig; only admin and system accounts with
		// write scopes on every type may start it (security/AccessRules).
		server.registerProvider(bulkImport);
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("SSKĐT - sổ sức khỏe điện tử / electronic health book");
		server.setServerConformanceProvider(capabilities);
		server.setServerName("SSKĐT");
		pagingProvider.setDefaultPageSize(properties.defaultPageSize());
		pagingProvider.setMaximumPageSize(properties.maxPageSize());
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		interceptors.forEach(server::registerInterceptor);
		return server;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
