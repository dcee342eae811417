package vn.sskdt.config;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.DebianPostgres;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;

/** The server keeps its record across restarts, on both ends of the supported PostgreSQL range. */
class DatabaseLifecycleTest {

	@Test
	void restartAgainstTheSameDatabaseFindsTheEarlierDataAndMigratesNothing() {
		String database = TestPostgres.newDatabase("sskdt_restart");
		String personalId = Residents.newPersonalId();
		IdType stored;

		try (TestApplication first = TestApplication.start(database, Map.of())) {
			assertThat(first.bean(HapiSchemaMigration.class).result().succeededTasks).isNotEmpty();
			stored = (IdType) client(first).create().resource(Residents.resident(personalId)).execute().getId();
		}

		try (TestApplication second = TestApplication.start(database, Map.of())) {
			assertThat(second.bean(HapiSchemaMigration.class).result().succeededTasks).isEmpty();
			Patient found = client(second).read().resource(Patient.class).withId(stored.toUnqualifiedVersionless()).execute();
			assertThat(found.getIdentifierFirstRep().getValue()).isEqualTo(personalId);
		}
	}

	@Test
	void runsOnDebiansPostgresql15() throws Exception {
		try (DebianPostgres postgres15 = DebianPostgres.create();
				TestApplication server = TestApplication.start(postgres15.jdbcUrl(), Map.of())) {
			IGenericClient fhir = client(server);
			IdType id = (IdType) fhir.create().resource(Residents.resident()).execute().getId();

			Patient read = fhir.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();

			assertThat(read.getIdentifierFirstRep().getSystem()).isEqualTo(Residents.CCCD);
			try (var connection = server.bean(javax.sql.DataSource.class).getConnection()) {
				assertThat(connection.getMetaData().getDatabaseProductVersion()).startsWith("15.");
			}
		}
	}

	private static IGenericClient client(TestApplication server) {
		return server.client();
	}
}
