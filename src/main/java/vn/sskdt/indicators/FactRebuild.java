package vn.sskdt.indicators;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.param.TokenParam;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes every indicator fact from the FHIR resources (after a bug, or for a fact a new Measure
 * needs), with the same code that maintains them on writes. One database transaction: readers see the
 * old facts until the new ones are complete. A resident's residence history is replayed from the
 * versions of their Patient resource, so past moves survive a rebuild.
 */
@Component
class FactRebuild {

	private static final Logger log = LoggerFactory.getLogger(FactRebuild.class);
	private static final List<String> TABLES =
			List.of("ind_resident", "ind_residence", "ind_dose", "ind_encounter", "ind_insurance", "ind_height", "ind_official_population");

	private final DaoRegistry daos;
	private final PopulationFacts facts;
	private final ResidentYears residentYears;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;

	@PersistenceContext
	private EntityManager entityManager;

	FactRebuild(DaoRegistry daos, PopulationFacts facts, ResidentYears residentYears, JdbcTemplate jdbc,
			PlatformTransactionManager transactions) {
		this.daos = daos;
		this.facts = facts;
		this.residentYears = residentYears;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** Rows per fact table after the rebuild. */
	Map<String, Integer> rebuild() {
		long started = System.nanoTime();
		Map<String, Integer> rows = transaction.execute(status -> {
			jdbc.execute("truncate " + String.join(", ", TABLES));
			replayPatients();
			replay("Immunization", new SearchParameterMap());
			replay("Encounter", new SearchParameterMap());
			replay("Coverage", new SearchParameterMap());
			replay("Observation", SearchParameterMap.newSynchronous("code", new TokenParam(PopulationFacts.LOINC, PopulationFacts.BODY_HEIGHT)));
			replay("Group", SearchParameterMap.newSynchronous("identifier", new TokenParam(PopulationFacts.OFFICIAL_POPULATION, null)));
			residentYears.refillAll();
			Map<String, Integer> counts = new LinkedHashMap<>();
			for (String table : TABLES) {
				counts.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class));
			}
			counts.put("ind_resident_year", jdbc.queryForObject("select count(*) from ind_resident_year", Integer.class));
			return counts;
		});
		log.info("Indicator facts rebuilt in {} ms: {}", (System.nanoTime() - started) / 1_000_000, rows);
		return rows;
	}

	private void replayPatients() {
		IFhirResourceDao<?> dao = daos.getResourceDao("Patient");
		int done = 0;
		for (IResourcePersistentId<?> pid : ids(dao, new SearchParameterMap())) {
			IBaseResource current = dao.readByPid(pid);
			if (current.getIdElement().getVersionIdPartAsLong() != null && current.getIdElement().getVersionIdPartAsLong() > 1) {
				IBundleProvider history = dao.history(current.getIdElement().toVersionless(), null, null, null, new SystemRequestDetails());
				List<IBaseResource> versions = new ArrayList<>(history.getResources(0, history.sizeOrThrowNpe()));
				java.util.Collections.reverse(versions); // oldest first: moves are replayed in order
				versions.forEach(facts::record);
			} else {
				facts.record(current);
			}
			forgetLoadedEntitiesEvery(++done);
		}
	}

	private void replay(String type, SearchParameterMap query) {
		IFhirResourceDao<?> dao = daos.getResourceDao(type);
		int done = 0;
		for (IResourcePersistentId<?> pid : ids(dao, query)) {
			facts.record(dao.readByPid(pid));
			forgetLoadedEntitiesEvery(++done);
		}
	}

	/**
	 * Every match, streamed: {@code searchForIds} stops at HAPI's internal synchronous search size
	 * (10,000), so a rebuild of a larger store kept 10,000 rows per table.
	 */
	private static List<IResourcePersistentId<?>> ids(IFhirResourceDao<?> dao, SearchParameterMap query) {
		query.setLoadSynchronous(true);
		try (Stream<IResourcePersistentId<?>> ids = dao.searchForIdStream(query, new SystemRequestDetails(), null)) {
			return ids.toList();
		}
	}

	/** Read-only work: the persistence context need not keep a million entities alive until the end. */
	private void forgetLoadedEntitiesEvery(int done) {
		if (done % 500 == 0) {
			entityManager.clear();
		}
	}
}
