package vn.sskdt.config;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the HAPI schema with HAPI's own migration tasks before Hibernate starts, the
 * way HAPI's CLI {@code migrate-database} does. Hibernate never changes the schema
 * ({@code hbm2ddl.auto=none}), so a restart against an existing database keeps its data and an
 * upgrade of HAPI brings its own, tested, migration steps.
 */
public class HapiSchemaMigration {

	/** HAPI's standard migration-history table, shared with its CLI. */
	static final String MIGRATION_TABLE = "FLY_HFJ_MIGRATION";

	private static final Logger log = LoggerFactory.getLogger(HapiSchemaMigration.class);

	private final MigrationResult result;

	public HapiSchemaMigration(DataSource dataSource, boolean embedded) {
		log.info("Store: {}", describe(dataSource, embedded));
		HapiMigrator migrator = new HapiMigrator(MIGRATION_TABLE, dataSource, DriverTypeEnum.POSTGRES_9_4);
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
		long start = System.nanoTime();
		migrator.createMigrationTableIfRequired();
		result = migrator.migrate();
		log.info(
				"HAPI schema migration: {} task(s) applied ({} statements), {} failed, in {} ms",
				result.succeededTasks.size(),
				result.executedStatements.size(),
				result.failedTasks.size(),
				(System.nanoTime() - start) / 1_000_000);
		if (!result.failedTasks.isEmpty()) {
			throw new IllegalStateException("HAPI schema migration failed: " + result.failedTasks);
		}
	}

	public MigrationResult result() {
		return result;
	}

	private static String describe(DataSource dataSource, boolean embedded) {
		try (Connection connection = dataSource.getConnection()) {
			var meta = connection.getMetaData();
			String where = embedded ? "embedded" : "external";
			// host, port and database only: whatever follows '?' may hold credentials
			String url = meta.getURL().replaceFirst("\\?.*$", "");
			return "PostgreSQL " + meta.getDatabaseProductVersion() + " (" + where + ", " + url + ")";
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot connect to the database", e);
		}
	}
}
