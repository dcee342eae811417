package vn.sskdt.indicators;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
 * Keeps the indicators' ready rows (facts-schema.sql), all derived from the fact tables of each
 * resident alone:
 * <ul>
 * <li>{@code ind_resident_year}: per resident and calendar year, where they lived on 31 December,
 * the check-up types of the year, a valid BHYT card on 31 December, a health book by then; and
 * {@code ind_resident_year_cell}, the same grouped, which the whole-population indicators read;</li>
 * <li>{@code ind_birthday}: the children of the birthday cohorts, where they lived on the birthday and
 * their doses by then, which the vaccination indicators read;</li>
 * <li>{@code ind_height_located}: height measurements with residence and age on their day; and
 * {@code ind_height_cell}, the same grouped by year, which the height indicators of a year read.</li>
 * </ul>
 * A province of a million is then a read of a few thousand rows instead of joins of the fact tables.
 *
 * <p>A write changes the rows of the residents it touches: the facts hooks say which
 * ({@link #changed}), and their rows are recomputed from the fact tables once, just before the write's
 * transaction commits, so they commit or roll back with it. Rows never computed for everyone (a store
 * from before them, a new calendar year, a rebuild) are filled in the background and answered from the
 * fact tables meanwhile ({@link #ready}, {@link #cellsReady}, {@link #birthdaysReady}, {@link #heightsReady},
 * {@link #heightCellsReady}).
 *
 * <p>Hand-written: HAPI has no incremental aggregates; PostgreSQL's materialized views are refreshed
 * whole, which for a million residents takes minutes, not the milliseconds of a station's write.
 */
@Component
class ResidentYears {

	private static final Logger log = LoggerFactory.getLogger(ResidentYears.class);
	/** First key of our transaction-scoped advisory locks: one resident's rows are recomputed by one writer at a time. */
	private static final int LOCK_SPACE = 0x53534b; // "SSK"
	/**
	 * Cells of a year: writers moving residents between cells hold it shared, the computation of a
	 * year's cells from its rows holds it alone, so that no move is lost or counted twice meanwhile.
	 */
	private static final int CELL_LOCK_SPACE = 0x53534c;

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
	/** A row's cell, from a row of ind_resident_year (alias y). */
	private static final String CELL_OF_ROW = ("y.year, coalesce(y.province, ''), coalesce(y.commune, ''), y.sex, coalesce(y.ethnicity, ''), %s,"
			+ " y.checkup_types, y.insured, y.book_created, y.target_groups").formatted(FactQuery.ageBand("y.age"));
	private static final String CELL_KEY = "year, province, commune, sex, ethnicity, age_band, checkup_types, insured, book_created, target_groups";

	/** The birthday rows of the residents the condition selects; ? 1: the kept birthdays, 2: the first day kept. */
	private static final String BIRTHDAYS = """
			select p.patient_id, b.birthday, b.ref, r.province, r.commune, p.sex, p.ethnicity, p.death_date,
			       extract(year from age(b.ref, p.birth_date))::smallint as age,
			       coalesce((select jsonb_object_agg(v.vaccine, v.days) from (select d.vaccine, count(distinct d.occurred) as days
			                  from ind_dose d where d.patient_id = p.patient_id and d.occurred < b.ref group by d.vaccine) v), '{}') as doses_before,
			       coalesce((select jsonb_object_agg(v.vaccine, v.days) from (select d.vaccine, min(d.occurred - p.birth_date) as days
			                  from ind_dose d where d.patient_id = p.patient_id and d.occurred >= p.birth_date group by d.vaccine) v), '{}') as first_dose_days,
			       %s as target_groups
			from ind_resident p
			cross join lateral (select n::smallint as birthday, (p.birth_date + make_interval(years => n))::date as ref
			      from unnest(?::int[]) n) b
			left join lateral (select r.province, r.commune from ind_residence r where r.patient_id = p.patient_id
			      and (r.valid_from is null or r.valid_from <= b.ref) and (r.valid_to is null or r.valid_to > b.ref)
			      limit 1) r on true
			where p.birth_date is not null and b.ref >= ? and %s""".formatted(FactQuery.targetGroups("p.patient_id", "b.ref",
					"extract(year from age(b.ref, p.birth_date))"), "%s");
	private static final String BIRTHDAY_COLUMNS = "patient_id, birthday, ref, province, commune, sex, ethnicity, death_date, age,"
			+ " doses_before, first_dose_days, target_groups";

	private static final String HEIGHTS = """
			select h.observation_id, h.patient_id, h.measured, r.province, r.commune, p.sex, p.ethnicity,
			       extract(year from age(h.measured, p.birth_date))::smallint as age, h.height_cm as value
			from ind_height h join ind_resident p on p.patient_id = h.patient_id
			left join lateral (select r.province, r.commune from ind_residence r where r.patient_id = h.patient_id
			      and (r.valid_from is null or r.valid_from <= h.measured) and (r.valid_to is null or r.valid_to > h.measured)
			      limit 1) r on true
			where %s""";
	private static final String HEIGHT_COLUMNS = "observation_id, patient_id, measured, province, commune, sex, ethnicity, age, value";
	/** A located height's cell, from a row of ind_height_located (alias h); rows without an age have none. */
	private static final String HEIGHT_CELL_OF_ROW = "extract(year from h.measured)::smallint, coalesce(h.province, ''), h.age,"
			+ " coalesce(h.commune, ''), h.sex, coalesce(h.ethnicity, '')";
	private static final String HEIGHT_CELL_KEY = "year, province, age, commune, sex, ethnicity";
	/** Located heights whose cell is kept: ? the first day kept. */
	private static final String HEIGHT_CELL_ROWS = "h.age is not null and h.measured >= ?";

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final int firstYear;
	private final Integer[] birthdays;
	private final Timer maintenance;
	private final Set<Integer> filled = ConcurrentHashMap.newKeySet();
	private final Set<Integer> cellsFilled = ConcurrentHashMap.newKeySet();
	private final Set<String> readyKinds = ConcurrentHashMap.newKeySet();
	private final Set<String> filling = ConcurrentHashMap.newKeySet();
	/** Residents whose rows were recomputed while a fill was queued or ran: computed again after it (see {@link #fillThenCatchUp}). */
	private final Set<String> changedWhileFilling = ConcurrentHashMap.newKeySet();
	private final ExecutorService filler = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "resident-years-fill");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param firstYear the first calendar year kept ready; earlier years are answered from the fact tables
	 *                  (slower at province scale, same numbers)
	 * @param birthdays the birthdays whose cohorts are kept ready (0: birth); cohort Measures of other
	 *                  birthdays are answered from the fact tables
	 */
	ResidentYears(JdbcTemplate jdbc, PlatformTransactionManager transactions,
			@Value("${sskdt.indicators.resident-years-from:2016}") int firstYear,
			@Value("${sskdt.indicators.birthday-cohorts:0,1,2}") Integer[] birthdays,
			PopulationFacts schemaApplied, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.firstYear = firstYear;
		this.birthdays = birthdays;
		this.maintenance = Timer.builder("sskdt.indicators.facts.maintenance")
				.description("Time spent writing indicator facts inside FHIR write transactions").register(meters);
		int thisYear = LocalDates.today().getYear();
		for (int year = firstYear; year <= thisYear + 1; year++) {
			jdbc.execute("create table if not exists ind_resident_year_" + year + " partition of ind_resident_year for values in (" + year + ")");
		}
		filled.addAll(jdbc.queryForList("select year from ind_resident_year_filled", Integer.class));
		cellsFilled.addAll(jdbc.queryForList("select year from ind_resident_year_filled where cells", Integer.class));
		readyKinds.addAll(jdbc.queryForList("select what from ind_ready", String.class));
		// the others first: the whole store in one statement each, and quicker than a year
		birthdaysReady();
		heightCellsReady(); // the located heights first
		for (int year = thisYear; year >= firstYear; year--) { // the years departments ask about most first
			cellsReady(year);
		}
	}

	/** Are the rows of this year complete? If not, they are filled in the background and this says false until then. */
	boolean ready(int year) {
		if (filled.contains(year)) {
			return true;
		}
		if (year >= firstYear && year <= LocalDates.today().getYear()) {
			inBackground("year " + year, () -> fillYear(year));
		}
		return false;
	}

	/** Are this year's cells complete (its rows first)? */
	boolean cellsReady(int year) {
		if (cellsFilled.contains(year)) {
			return true;
		}
		if (ready(year)) {
			inBackground("cells " + year, () -> fillCells(year));
		}
		return false;
	}

	/** The birthdays whose cohort rows are kept; ready when every resident's are there. */
	List<Integer> keptBirthdays() {
		return List.of(birthdays);
	}

	boolean birthdaysReady() {
		return readyOrFill("birthdays", () -> jdbc.update(insertBirthdays() + " on conflict do nothing", birthdays, firstDay()));
	}

	boolean heightsReady() {
		return readyOrFill("heights", () -> jdbc.update("insert into ind_height_located (" + HEIGHT_COLUMNS + ") "
				+ HEIGHTS.formatted("true") + " on conflict do nothing"));
	}

	/**
	 * Are the height cells complete? They are computed from the located heights once those are, under
	 * the cell locks of every kept year, which writers hold shared while they move cells.
	 */
	boolean heightCellsReady() {
		if (readyKinds.contains("height-cells")) {
			return true;
		}
		heightsReady(); // queued first when missing: the one filler thread runs them before the cells
		return readyOrFill("height-cells", () -> {
			if (!readyKinds.contains("heights")) { // their fill failed: asked again at the next question
				throw new IllegalStateException("the located heights are not complete");
			}
			jdbc.queryForList("select pg_advisory_xact_lock(?, y) from generate_series(?::int, ?::int) y order by y",
					CELL_LOCK_SPACE, firstYear, LocalDates.today().getYear());
			insertHeightCells();
		});
	}

	/** The first calendar year kept ready. */
	int firstYear() {
		return firstYear;
	}

	private void insertHeightCells() {
		jdbc.update("delete from ind_height_cell");
		jdbc.update("insert into ind_height_cell (" + HEIGHT_CELL_KEY + ", measurements, total_cm) select " + HEIGHT_CELL_OF_ROW
				+ ", count(*), sum(h.value) from ind_height_located h where " + HEIGHT_CELL_ROWS + " group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3",
				firstDay());
	}

	/**
	 * Every child's birthday rows, in the order a cohort is read (a cohort's children in a few pages
	 * instead of one page each: 15 times fewer reads for a province of a million, BENCHMARKS.md).
	 */
	private static String insertBirthdays() {
		return "insert into ind_birthday (" + BIRTHDAY_COLUMNS + ") select * from (" + BIRTHDAYS.formatted("true") + ") b"
				+ " order by b.birthday, b.province, b.ref";
	}

	/** The first day a birthday row is kept for (earlier birthdays are never asked from the rows). */
	java.sql.Date firstDay() {
		return java.sql.Date.valueOf(java.time.LocalDate.of(firstYear, 1, 1));
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
					maintenance.record(() -> refresh(residents));
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

	/** Recomputes these residents' rows, in the caller's transaction. */
	void refresh(Collection<String> patientIds) {
		// Two transactions writing for one resident: the second waits here until the first commits, and
		// then computes from the facts as the first left them (each statement sees what is committed).
		// The cell locks next, shared (a fill of cells holds one exclusively); one round trip for both.
		int thisYear = LocalDates.today().getYear();
		jdbc.queryForList("select (select count(*) from (select pg_advisory_xact_lock(?, k) from unnest(?::int[]) k order by k) mine),"
						+ " (select count(*) from (select pg_advisory_xact_lock_shared(?, y) from generate_series(?::int, ?::int) y order by y) cells)",
				LOCK_SPACE, patientIds.stream().map(String::hashCode).distinct().sorted().toArray(Integer[]::new),
				CELL_LOCK_SPACE, firstYear, thisYear);
		String[] ids = patientIds.toArray(String[]::new);
		// One statement: every part sees the rows as they were before it (old), so the cells are moved by
		// the difference between old and fresh, in key order (two writers never lock cells crosswise).
		jdbc.update("with old (" + CELL_KEY + ", d) as (select " + CELL_OF_ROW + ", -1 from ind_resident_year y where y.patient_id = any(?)),\n"
						+ "fresh as (" + ROWS.formatted("p.patient_id = any(?)") + "),\n"
						+ "kept as (insert into ind_resident_year (" + COLUMNS + ") select " + COLUMNS + " from fresh\n"
						+ "  on conflict (patient_id, year) do update set " + PopulationFacts.updateFromExcluded(COLUMNS, 2) + " returning 1),\n"
						+ "gone as (delete from ind_resident_year y where y.patient_id = any(?)"
						+ " and not exists (select 1 from fresh f where f.patient_id = y.patient_id and f.year = y.year) returning 1),\n"
						+ "moves (" + CELL_KEY + ", d) as (select * from old union all select " + CELL_OF_ROW + ", 1 from fresh y)\n"
						+ "insert into ind_resident_year_cell (" + CELL_KEY + ", residents)\n"
						+ "select " + CELL_KEY + ", sum(d) from moves group by " + CELL_KEY
						+ " having sum(d) <> 0 order by " + CELL_KEY + "\n"
						+ "on conflict (" + CELL_KEY + ") do update set residents = ind_resident_year_cell.residents + excluded.residents",
				ids, firstYear, thisYear, ids, ids);
		// Birthday rows and located heights as the year rows: fresh rows upserted, rows no longer
		// computed deleted, one statement each (a write costs a round trip per statement, BENCHMARKS.md).
		jdbc.update("with fresh as (" + BIRTHDAYS.formatted("p.patient_id = any(?)") + "),\n"
						+ "kept as (insert into ind_birthday (" + BIRTHDAY_COLUMNS + ") select " + BIRTHDAY_COLUMNS + " from fresh\n"
						+ "  on conflict (patient_id, birthday) do update set " + PopulationFacts.updateFromExcluded(BIRTHDAY_COLUMNS, 2) + " returning 1)\n"
						+ "delete from ind_birthday b where b.patient_id = any(?)"
						+ " and not exists (select 1 from fresh f where f.patient_id = b.patient_id and f.birthday = b.birthday)",
				birthdays, firstDay(), ids, ids);
		// the height cells as the year cells: moved by the difference between old and fresh, in key order
		jdbc.update("with old as (select " + HEIGHT_CELL_OF_ROW + ", -1 as n, -h.value as v from ind_height_located h"
						+ " where h.patient_id = any(?) and " + HEIGHT_CELL_ROWS + "),\n"
						+ "located as (" + HEIGHTS.formatted("h.patient_id = any(?)") + "),\n"
						+ "kept as (insert into ind_height_located (" + HEIGHT_COLUMNS + ") select " + HEIGHT_COLUMNS + " from located\n"
						+ "  on conflict (observation_id) do update set " + PopulationFacts.updateFromExcluded(HEIGHT_COLUMNS, 1) + " returning 1),\n"
						+ "gone as (delete from ind_height_located h where h.patient_id = any(?)"
						+ " and not exists (select 1 from located l where l.observation_id = h.observation_id) returning 1),\n"
						+ "fresh as (select " + HEIGHT_CELL_OF_ROW + ", 1, h.value from located h where " + HEIGHT_CELL_ROWS + "),\n"
						+ "moves (" + HEIGHT_CELL_KEY + ", n, v) as (select * from old union all select * from fresh)\n"
						+ "insert into ind_height_cell (" + HEIGHT_CELL_KEY + ", measurements, total_cm)\n"
						+ "select " + HEIGHT_CELL_KEY + ", sum(n), sum(v) from moves group by " + HEIGHT_CELL_KEY
						+ " having sum(n) <> 0 or sum(v) <> 0 order by " + HEIGHT_CELL_KEY + "\n"
						+ "on conflict (" + HEIGHT_CELL_KEY + ") do update set measurements = ind_height_cell.measurements + excluded.measurements,"
						+ " total_cm = ind_height_cell.total_cm + excluded.total_cm",
				ids, firstDay(), ids, ids, firstDay());
		if (!filling.isEmpty()) {
			changedWhileFilling.addAll(patientIds);
		}
	}

	/** Every row again, in the caller's transaction (after the fact tables were rebuilt). */
	void refillAll() {
		jdbc.queryForList("select pg_advisory_xact_lock(?, y) from generate_series(?::int, ?::int) y order by y",
				CELL_LOCK_SPACE, firstYear, LocalDates.today().getYear());
		jdbc.update("delete from ind_resident_year");
		jdbc.update("delete from ind_resident_year_filled");
		jdbc.update("delete from ind_resident_year_cell");
		jdbc.update("delete from ind_birthday");
		jdbc.update("delete from ind_height_located");
		jdbc.update("delete from ind_height_cell");
		jdbc.update("delete from ind_ready");
		filled.clear();
		cellsFilled.clear();
		readyKinds.clear();
		for (int year = firstYear; year <= LocalDates.today().getYear(); year++) {
			insertYear(year);
			insertCells(year);
		}
		jdbc.update(insertBirthdays(), birthdays, firstDay());
		jdbc.update("insert into ind_height_located (" + HEIGHT_COLUMNS + ") " + HEIGHTS.formatted("true"));
		insertHeightCells();
		jdbc.update("insert into ind_ready (what) values ('birthdays'), ('heights'), ('height-cells')");
		transactionCommitted(() -> {
			filled.addAll(jdbc.queryForList("select year from ind_resident_year_filled", Integer.class));
			cellsFilled.addAll(jdbc.queryForList("select year from ind_resident_year_filled where cells", Integer.class));
			readyKinds.addAll(jdbc.queryForList("select what from ind_ready", String.class));
		});
	}

	private boolean readyOrFill(String kind, Runnable insert) {
		if (readyKinds.contains(kind)) {
			return true;
		}
		inBackground(kind, () -> {
			transaction.executeWithoutResult(status -> {
				insert.run();
				jdbc.update("insert into ind_ready (what) values (?) on conflict do nothing", kind);
			});
			readyKinds.add(kind);
		});
		return false;
	}

	private void inBackground(String what, Runnable fill) {
		if (!filling.add(what)) {
			return;
		}
		filler.execute(() -> {
			try {
				long started = System.nanoTime();
				fillThenCatchUp(fill);
				log.info("Indicator rows ready: {} in {} ms", what, (System.nanoTime() - started) / 1_000_000);
			} catch (RuntimeException e) {
				log.warn("Filling the indicator rows ({}) failed; the fact tables answer meanwhile", what, e);
			} finally {
				filling.remove(what);
			}
		});
	}

	/**
	 * A fill reads the facts as they were when its statement began; a write committed meanwhile may have
	 * recomputed a resident's rows from newer facts (kept: the fill does not overwrite), or deleted one
	 * the fill then adds back from older facts. The residents written meanwhile are recomputed once more.
	 */
	private void fillThenCatchUp(Runnable fill) {
		fill.run();
		List<String> again = List.copyOf(changedWhileFilling);
		if (!again.isEmpty()) {
			transaction.executeWithoutResult(status -> refresh(again));
			// written after the fill's statement began: right already, whatever fill comes next
			changedWhileFilling.removeAll(again);
		}
	}

	private void fillYear(int year) {
		transaction.executeWithoutResult(status -> insertYear(year));
		filled.add(year);
		cellsReady(year);
	}

	private void fillCells(int year) {
		transaction.executeWithoutResult(status -> {
			jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", CELL_LOCK_SPACE, year);
			insertCells(year);
		});
		cellsFilled.add(year);
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

	/** The year's cells from its rows; the caller holds the year's cell lock alone. */
	private void insertCells(int year) {
		jdbc.update("delete from ind_resident_year_cell where year = ?", year);
		jdbc.update("insert into ind_resident_year_cell (" + CELL_KEY + ", residents) select " + CELL_OF_ROW + ", count(*)"
				+ " from ind_resident_year y where y.year = ? group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 order by 2, 3", year);
		jdbc.update("update ind_resident_year_filled set cells = true where year = ?", year);
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

	@Override
	public String toString() {
		return "ResidentYears " + firstYear + "– birthdays " + Arrays.toString(birthdays);
	}
}
