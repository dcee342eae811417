package vn.sskdt.indicators;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code ind_resident_year} (facts-schema.sql): per resident and calendar year, where they lived
 * on 31 December and whether they had a check-up that year, a valid BHYT card on 31 December and a
 * health book by then. The whole-population indicators of a calendar year read it (FactQuery), which
 * makes a province of a million one scan of one partition instead of a join of five fact tables.
 *
 * <p>A write changes the rows of the residents it touches: the facts hooks say which
 * ({@link #changed}), and the rows are recomputed from the fact tables once, just before the write's
 * transaction commits, so they commit or roll back with it. A year whose rows were never computed for
 * everyone (a new store from before this table, a new calendar year, a rebuild) is filled in the
 * background and answered from the fact tables meanwhile ({@link #ready}).
 */
@Component
class ResidentYears {

	private static final Logger log = LoggerFactory.getLogger(ResidentYears.class);
	/** First key of our transaction-scoped advisory locks: one resident's rows are recomputed by one writer at a time. */
	private static final int LOCK_SPACE = 0x53534b; // "SSK"

	/** The rows of the given years for the residents the condition selects; ? 1, 2: first and last year. */
	private static final String ROWS = """
			select p.patient_id, y.year, r.province, r.commune, p.sex, p.ethnicity,
			       extract(year from age(y.last_day, p.birth_date))::smallint as age,
			       coalesce((select array_agg(distinct e.checkup_type order by e.checkup_type) from ind_encounter e
			                  where e.patient_id = p.patient_id and e.finished and e.checkup_type is not null
			                    and e.started between y.first_day and y.last_day), '{}') as checkup_types,
			       exists (select 1 from ind_insurance i where i.patient_id = p.patient_id
			                  and (i.valid_from is null or i.valid_from <= y.last_day)
			                  and (i.valid_to is null or i.valid_to >= y.last_day)) as insured,
			       exists (select 1 from ind_encounter e where e.patient_id = p.patient_id and e.started <= y.last_day) as book_created,
			       %s as target_groups
			from ind_resident p
			join (select g::smallint as year, make_date(g, 1, 1) as first_day, make_date(g, 12, 31) as last_day
			      from generate_series(?::int, ?::int) g) y
			  on p.birth_date <= y.last_day and (p.death_date is null or p.death_date > y.last_day)
			left join lateral (select r.province, r.commune from ind_residence r where r.patient_id = p.patient_id
			      and (r.valid_from is null or r.valid_from <= y.last_day) and (r.valid_to is null or r.valid_to > y.last_day)
			      limit 1) r on true
			where %s""".formatted(FactQuery.targetGroups("p.patient_id", "y.last_day",
					"extract(year from age(y.last_day, p.birth_date))"), "%s");
	private static final String COLUMNS = "patient_id, year, province, commune, sex, ethnicity, age, checkup_types, insured, book_created, target_groups";

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final int firstYear;
	private final Set<Integer> filled = ConcurrentHashMap.newKeySet();
	private final Set<Integer> filling = ConcurrentHashMap.newKeySet();
	private final ExecutorService filler = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "resident-years-fill");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param firstYear the first calendar year kept ready; earlier years are answered from the fact tables
	 *                  (slower at province scale, same numbers)
	 */
	ResidentYears(JdbcTemplate jdbc, PlatformTransactionManager transactions,
			@Value("${sskdt.indicators.resident-years-from:2016}") int firstYear, PopulationFacts schemaApplied) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.firstYear = firstYear;
		int thisYear = LocalDates.today().getYear();
		for (int year = firstYear; year <= thisYear + 1; year++) {
			jdbc.execute("create table if not exists ind_resident_year_" + year + " partition of ind_resident_year for values in (" + year + ")");
		}
		filled.addAll(jdbc.queryForList("select year from ind_resident_year_filled", Integer.class));
		for (int year = thisYear; year >= firstYear; year--) { // the years departments ask about most first
			ready(year);
		}
	}

	/** Are the rows of this year complete? If not, they are filled in the background and this says false until then. */
	boolean ready(int year) {
		if (filled.contains(year)) {
			return true;
		}
		if (year >= firstYear && year <= LocalDates.today().getYear() && filling.add(year)) {
			filler.execute(() -> {
				try {
					fill(year);
				} catch (RuntimeException e) {
					log.warn("Filling the resident rows of {} failed; its indicators are answered from the fact tables", year, e);
				} finally {
					filling.remove(year);
				}
			});
		}
		return false;
	}

	/**
	 * These residents' facts changed in the current transaction: their rows are recomputed once, just
	 * before it commits (a check-up Bundle touches its resident a dozen times).
	 */
	@SuppressWarnings("unchecked")
	void changed(Collection<String> patientIds) {
		if (patientIds.isEmpty()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			refresh(patientIds);
			return;
		}
		Set<String> pending = (Set<String>) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			Set<String> residents = new TreeSet<>();
			TransactionSynchronizationManager.bindResource(this, residents);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					refresh(residents);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(ResidentYears.this);
				}
			});
			pending = residents;
		}
		pending.addAll(patientIds);
	}

	/** Recomputes these residents' rows of every kept year, in the caller's transaction. */
	void refresh(Collection<String> patientIds) {
		// Two transactions writing for one resident: the second waits here until the first commits, and
		// then computes from the facts as the first left them (each statement sees what is committed).
		patientIds.stream().mapToInt(String::hashCode).distinct().sorted()
				.forEach(key -> jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", LOCK_SPACE, key));
		String[] ids = patientIds.toArray(String[]::new);
		jdbc.update("with fresh as (" + ROWS.formatted("p.patient_id = any(?)") + "),\n"
						+ "kept as (insert into ind_resident_year (" + COLUMNS + ") select " + COLUMNS + " from fresh\n"
						+ "  on conflict (patient_id, year) do update set province = excluded.province, commune = excluded.commune,"
						+ " sex = excluded.sex, ethnicity = excluded.ethnicity, age = excluded.age, checkup_types = excluded.checkup_types,"
						+ " insured = excluded.insured, book_created = excluded.book_created, target_groups = excluded.target_groups returning 1)\n"
						+ "delete from ind_resident_year y where y.patient_id = any(?)"
						+ " and not exists (select 1 from fresh f where f.patient_id = y.patient_id and f.year = y.year)",
				firstYear, LocalDates.today().getYear(), ids, ids);
	}

	/** Every row again, in the caller's transaction (after the fact tables were rebuilt). */
	void refillAll() {
		jdbc.update("delete from ind_resident_year");
		jdbc.update("delete from ind_resident_year_filled");
		filled.clear();
		for (int year = firstYear; year <= LocalDates.today().getYear(); year++) {
			insertYear(year);
		}
		transactionCommitted(() -> filled.addAll(jdbc.queryForList("select year from ind_resident_year_filled", Integer.class)));
	}

	private void fill(int year) {
		long started = System.nanoTime();
		int rows = transaction.execute(status -> insertYear(year));
		filled.add(year);
		log.info("Resident rows of {} filled: {} rows in {} ms", year, rows, (System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * Rows already there are newer than this statement's view of the facts (a write committed while it
	 * ran recomputed them): they are kept.
	 */
	private int insertYear(int year) {
		int rows = jdbc.update("insert into ind_resident_year (" + COLUMNS + ") " + ROWS.formatted("true")
				+ " on conflict (patient_id, year) do nothing", year, year);
		jdbc.update("insert into ind_resident_year_filled (year) values (?) on conflict do nothing", year);
		return rows;
	}

	private static void transactionCommitted(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}
}
