package vn.sskdt.indicators;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns an indicator's rules into one SQL query over the fact tables, grouped by the dimensions of its
 * stratifiers, for one area and period. Each rule of {@code text/x-sskdt-facts} is a case below; the
 * area of a subject is where they lived on the subject's reference date (a birthday, the period end,
 * the day of a measurement), from {@code ind_residence}.
 *
 * <p>Hand-written because nothing in HAPI counts populations without evaluating CQL per person, which
 * is what the fact tables exist to avoid (docs/indicators.md).
 */
@Component
class FactQuery {

	/**
	 * A stratum: the subjects sharing the values of some dimensions (none: everyone), with their
	 * denominator and numerator (or sum of values).
	 */
	record Cell(Map<String, String> dimensions, long denominator, long numerator, BigDecimal sum) {}

	/** Where: a province (2 digits) or one commune (5 digits) of it. */
	record Area(String province, String commune) {
		boolean isCommune() {
			return commune != null;
		}

		String code() {
			return isCommune() ? commune : province;
		}
	}

	/** A resident may belong to several priority groups: counted in each, so it is grouped by on its own. */
	static final String TARGET_GROUP = "target-group";
	static final String NO_TARGET_GROUP = "not-recorded";

	private static final Map<String, String> DIMENSION_SQL = new LinkedHashMap<>();

	static {
		// r: where the subject lived on the reference date (ind_residence; ind_resident_year has it in its own columns)
		DIMENSION_SQL.put("commune", "coalesce(r.commune, '')");
		DIMENSION_SQL.put("sex", "s.sex");
		DIMENSION_SQL.put("ethnicity", "coalesce(s.ethnicity, '')");
		DIMENSION_SQL.put("age-band", ageBand("s.age"));
		DIMENSION_SQL.put("age", "s.age::text");
		DIMENSION_SQL.put(TARGET_GROUP, "tg.code");
	}

	/** The age band of an age in years (stratifier age-band). */
	static String ageBand(String age) {
		return """
				case when %1$s < 6 then '0-5' when %1$s < 18 then '6-17' when %1$s < 40 then '18-39'
				     when %1$s < 60 then '40-59' when %1$s < 80 then '60-79' else '80+' end""".formatted(age);
	}

	/**
	 * The priority groups of a resident on a day, as an SQL array: those the stations recorded on their
	 * encounters up to that day, and elderly from 60 (the law's definition; no record needed). A resident
	 * who never came to a check-up has no recorded group: the server cannot know it.
	 */
	static String targetGroups(String patient, String day, String age) {
		return """
				array(select distinct g from (select unnest(e.target_groups) as g from ind_encounter e
				        where e.patient_id = %1$s and e.started <= %2$s
				      union all select 'elderly' where %3$s >= 60) t where g is not null order by g)::varchar(32)[]"""
				.formatted(patient, day, age);
	}

	private final NamedParameterJdbcTemplate jdbc;
	private final ResidentYears residentYears;
	private final org.springframework.transaction.support.TransactionTemplate readOnly;
	private final String workMem;

	/** @param workMem PostgreSQL work_mem of the indicator queries (sskdt.indicators.query-work-mem) */
	FactQuery(NamedParameterJdbcTemplate jdbc, ResidentYears residentYears,
			org.springframework.transaction.PlatformTransactionManager transactions,
			@org.springframework.beans.factory.annotation.Value("${sskdt.indicators.query-work-mem:64MB}") String workMem) {
		if (!workMem.matches("[0-9]{1,6}(kB|MB|GB)")) {
			throw new IllegalArgumentException("sskdt.indicators.query-work-mem: '" + workMem + "' is not a PostgreSQL size such as 64MB");
		}
		this.jdbc = jdbc;
		this.residentYears = residentYears;
		this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.workMem = workMem;
	}

	/**
	 * Several indicators over one area and period. Proportions answered from the same ready rows with
	 * the same denominator and dimensions (the whole-population indicators of a year; the cohorts of one
	 * birthday) share one read, one count per numerator; the others are counted one by one.
	 */
	Map<IndicatorDefinition, List<Cell>> countAll(List<IndicatorDefinition> indicators, Area area,
			java.time.LocalDate start, java.time.LocalDate end) {
		return quickly(() -> {
			Map<IndicatorDefinition, List<Cell>> cells = new LinkedHashMap<>();
			Map<List<String>, List<IndicatorDefinition>> sharing = new LinkedHashMap<>();
			for (IndicatorDefinition indicator : indicators) {
				Ready ready = ready(indicator, new MapSqlParameterSource(), start, end, singleDimensions(indicator), false);
				if (ready != null && indicator.proportion()) {
					List<String> key = new ArrayList<>(singleDimensions(indicator));
					key.add(ready.table());
					key.add(indicator.denominator().toString());
					sharing.computeIfAbsent(key, d -> new ArrayList<>()).add(indicator);
				}
			}
			for (List<IndicatorDefinition> scan : sharing.values()) {
				cells.putAll(sharedScan(scan, area, start, end, singleDimensions(scan.get(0))));
			}
			for (IndicatorDefinition indicator : indicators) {
				if (cells.containsKey(indicator)) {
					if (dimensions(indicator).contains(TARGET_GROUP)) {
						cells.get(indicator).addAll(grouped(indicator, area, start, end, true, List.of(TARGET_GROUP), BY_TARGET_GROUP));
					}
				} else {
					cells.put(indicator, count(indicator, area, start, end, true));
				}
			}
			return cells;
		});
	}

	private List<String> dimensions(IndicatorDefinition indicator) {
		return indicator.stratifiers().stream().flatMap(s -> s.dimensions().stream()).distinct()
				.sorted(java.util.Comparator.comparingInt(IndicatorDefinition.DIMENSIONS::indexOf)).toList();
	}

	private List<String> singleDimensions(IndicatorDefinition indicator) {
		return dimensions(indicator).stream().filter(d -> !d.equals(TARGET_GROUP)).toList();
	}

	private static final List<List<String>> BY_TARGET_GROUP = List.of(List.of(TARGET_GROUP));

	/** What a report shows: the total (no dimension) and each stratifier's combination of dimensions. */
	private static List<List<String>> groupingSets(List<IndicatorDefinition> indicators) {
		java.util.Set<List<String>> sets = new java.util.LinkedHashSet<>();
		sets.add(List.of());
		indicators.forEach(indicator -> indicator.stratifiers().stream().map(IndicatorDefinition.Stratifier::dimensions)
				.filter(d -> !d.contains(TARGET_GROUP)).forEach(sets::add));
		return List.copyOf(sets);
	}

	/**
	 * The combinations counted by {@code combinations} (grouped by every dimension at once) summed again
	 * per stratum of each grouping set: the report receives the few hundred strata it shows instead of
	 * the tens of thousands of combinations it would otherwise sum itself (a province's height
	 * indicator: 24,000), which took longer in the server than the counting in PostgreSQL
	 * (BENCHMARKS.md). A row's {@code grouping_bits} say which dimensions it is grouped by.
	 */
	private static String strata(String combinations, List<String> dimensions, List<List<String>> sets, List<String> sums) {
		StringBuilder sql = new StringBuilder("select ");
		for (String dimension : dimensions) {
			sql.append("c.\"").append(dimension).append("\", ");
		}
		sql.append(dimensions.isEmpty() ? "0" : dimensions.stream().map(d -> "c.\"" + d + "\"")
				.collect(java.util.stream.Collectors.joining(", ", "grouping(", ")"))).append(" as grouping_bits");
		for (String sum : sums) {
			sql.append(", sum(c.").append(sum).append(") as ").append(sum);
		}
		sql.append("\nfrom (").append(combinations).append(") c");
		if (!dimensions.isEmpty()) {
			sql.append("\ngroup by grouping sets (").append(sets.stream()
					.map(set -> set.stream().map(d -> "c.\"" + d + "\"").collect(java.util.stream.Collectors.joining(", ", "(", ")")))
					.collect(java.util.stream.Collectors.joining(", "))).append(")");
		}
		return sql.toString();
	}

	/** The dimensions a row of {@link #strata} is grouped by, with their values. */
	private static Map<String, String> stratum(java.sql.ResultSet row, List<String> dimensions) throws java.sql.SQLException {
		int bits = row.getInt("grouping_bits");
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < dimensions.size(); i++) {
			if ((bits >> (dimensions.size() - 1 - i) & 1) == 0) {
				values.put(dimensions.get(i), row.getString(dimensions.get(i)));
			}
		}
		return values;
	}

	/** One read of the same ready rows: a numerator count per indicator, the denominator (the same rows) once. */
	private Map<IndicatorDefinition, List<Cell>> sharedScan(List<IndicatorDefinition> indicators, Area area,
			java.time.LocalDate start, java.time.LocalDate end, List<String> dimensions) {
		MapSqlParameterSource parameters = parameters(area, start, end);
		Ready ready = ready(indicators.get(0), parameters, start, end, dimensions, false);
		StringBuilder sql = new StringBuilder("select ");
		for (String dimension : dimensions) {
			sql.append(ready.dimension(dimension)).append(" as \"").append(dimension).append("\", ");
		}
		sql.append(ready.count()).append(" as denominator");
		for (int i = 0; i < indicators.size(); i++) {
			MapSqlParameterSource own = new MapSqlParameterSource();
			String predicate = ready(indicators.get(i), own, start, end, dimensions, false).numerator();
			for (String name : own.getParameterNames()) { // each indicator's parameters under names of its own
				predicate = predicate.replaceAll(":" + name + "(?![A-Za-z0-9_])", ":" + name + "_" + i);
				parameters.addValue(name + "_" + i, own.getValue(name));
			}
			sql.append(", coalesce(").append(ready.count()).append(" filter (where ").append(predicate).append("), 0) as numerator_").append(i);
		}
		sql.append("\nfrom ").append(ready.table()).append(" s ").append(areaFilter(area, "s")).append(" and ").append(ready.rows());
		groupBy(sql, dimensions, ready);
		List<String> sums = new ArrayList<>(List.of("denominator"));
		for (int i = 0; i < indicators.size(); i++) {
			sums.add("numerator_" + i);
		}
		Map<IndicatorDefinition, List<Cell>> cells = new LinkedHashMap<>();
		indicators.forEach(indicator -> cells.put(indicator, new ArrayList<>()));
		jdbc.query(strata(sql.toString(), dimensions, groupingSets(indicators), sums), parameters, row -> {
			if (row.getLong("denominator") == 0) {
				return; // the total of nobody
			}
			Map<String, String> values = stratum(row, dimensions);
			for (int i = 0; i < indicators.size(); i++) {
				cells.get(indicators.get(i)).add(new Cell(values, row.getLong("denominator"), row.getLong("numerator_" + i), null));
			}
		});
		return cells;
	}

	/** Groups by the selected dimensions; cells whose residents all moved away (0) are not groups. */
	private static void groupBy(StringBuilder sql, List<String> dimensions, Ready ready) {
		if (!dimensions.isEmpty()) {
			sql.append("\ngroup by ");
			for (int i = 1; i <= dimensions.size(); i++) {
				sql.append(i == 1 ? "" : ", ").append(i);
			}
		}
		if (ready != null && ready.cells()) {
			sql.append("\nhaving ").append(ready.count()).append(" > 0");
		}
	}

	/**
	 * Runs indicator queries in one read-only transaction with more memory for grouping: a province's
	 * year groups a million rows into ~30,000 cells, which at PostgreSQL's default work_mem (4 MB) is
	 * sorted on disk instead of hashed in memory (BENCHMARKS.md).
	 */
	private <T> T quickly(java.util.function.Supplier<T> queries) {
		return readOnly.execute(status -> {
			jdbc.getJdbcTemplate().execute("set local work_mem = '" + workMem + "'");
			return queries.get();
		});
	}

	/**
	 * Counts per combination of the stratifiers' dimensions (the totals are their sums), and, when a
	 * stratifier asks for it, per target group in cells of their own (whose sum is not the total).
	 */
	List<Cell> count(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end) {
		return count(indicator, area, start, end, true);
	}

	/** @param kept whether the question may be answered from the rows kept ready (false: from the fact tables alone) */
	List<Cell> count(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end, boolean kept) {
		return quickly(() -> {
			List<Cell> cells = new ArrayList<>(grouped(indicator, area, start, end, kept, singleDimensions(indicator),
					groupingSets(List.of(indicator))));
			if (dimensions(indicator).contains(TARGET_GROUP)) {
				cells.addAll(grouped(indicator, area, start, end, kept, List.of(TARGET_GROUP), BY_TARGET_GROUP));
			}
			return cells;
		});
	}

	private List<Cell> grouped(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			boolean kept, List<String> dimensions, List<List<String>> sets) {
		MapSqlParameterSource parameters = parameters(area, start, end);
		Ready ready = kept ? ready(indicator, parameters, start, end, dimensions, false) : null;
		Numerator numerator = ready != null ? new Numerator("", ready.numerator())
				: indicator.proportion() ? numerator(indicator.numerator(), parameters, area) : null;
		StringBuilder sql = new StringBuilder(ready != null ? "select " : "with s as (")
				.append(ready != null ? "" : subjects(indicator.denominator(), parameters) + ")\nselect ");
		for (String dimension : dimensions) {
			sql.append(ready != null ? ready.dimension(dimension) : DIMENSION_SQL.get(dimension)).append(" as \"").append(dimension).append("\", ");
		}
		String count = ready != null ? ready.count() : "count(*)";
		sql.append(count).append(" as denominator, ");
		if (indicator.proportion()) {
			sql.append("coalesce(").append(count).append(" filter (where ").append(numerator.predicate()).append("), 0) as numerator, null::numeric as total");
		} else {
			sql.append("0 as numerator, ").append(ready != null ? ready.total() : "sum(s.value)").append(" as total");
		}
		String byTargetGroup = "";
		if (dimensions.contains(TARGET_GROUP)) {
			String groups = ready != null ? "s.target_groups" : targetGroups("s.patient_id", "s.ref", "s.age");
			byTargetGroup = "cross join lateral unnest(case when cardinality(%1$s) = 0 then array['%2$s']::varchar[] else %1$s end) tg(code)\n"
					.formatted(groups, NO_TARGET_GROUP);
		}
		if (ready != null) {
			sql.append("\nfrom ").append(ready.table()).append(" s ").append(byTargetGroup).append(areaFilter(area, "s"))
					.append(" and ").append(ready.rows());
		} else {
			sql.append("\nfrom s ").append(residence()).append(numerator == null ? "" : numerator.join()).append(byTargetGroup)
					.append(areaFilter(area, "r"));
		}
		groupBy(sql, dimensions, ready);
		List<Cell> cells = new ArrayList<>();
		jdbc.query(strata(sql.toString(), dimensions, sets, List.of("denominator", "numerator", "total")), parameters, row -> {
			if (row.getLong("denominator") > 0) { // else the total of nobody
				cells.add(new Cell(stratum(row, dimensions), row.getLong("denominator"), row.getLong("numerator"), row.getBigDecimal("total")));
			}
		});
		return cells;
	}

	/** Patient ids in the denominator but not the numerator, in id order: the people still to reach. */
	List<String> toReach(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			int offset, int count) {
		return toReach(indicator, area, start, end, offset, count, true);
	}

	List<String> toReach(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			int offset, int count, boolean kept) {
		MapSqlParameterSource parameters = parameters(area, start, end).addValue("offset", offset).addValue("count", count);
		Ready ready = kept ? ready(indicator, parameters, start, end, List.of(), true) : null;
		String sql;
		if (ready != null) {
			sql = "select s.patient_id from " + ready.table() + " s " + areaFilter(area, "s") + " and " + ready.rows()
					+ " and not (" + ready.numerator() + ")";
		} else {
			Numerator numerator = numerator(indicator.numerator(), parameters, area);
			sql = "with s as (" + subjects(indicator.denominator(), parameters) + ")\nselect s.patient_id from s "
					+ residence() + numerator.join() + areaFilter(area, "r") + " and not (" + numerator.predicate() + ")";
		}
		return jdbc.queryForList(sql + "\norder by s.patient_id offset :offset limit :count", parameters, String.class);
	}

	/**
	 * Rows kept ready by ResidentYears that answer a question: the table (alias s), the condition that
	 * selects the subjects of the period, the numerator as a condition on one row, and how rows count
	 * (a cell holds many residents).
	 */
	record Ready(String table, String rows, String numerator, String count, String total, boolean cells) {
		Ready(String table, String rows, String numerator, String count, boolean cells) {
			this(table, rows, numerator, count, null, cells);
		}

		String dimension(String dimension) {
			if (table.equals(YEAR_CELLS) && dimension.equals("age-band")) {
				return "s.age_band";
			}
			return dimension.equals(TARGET_GROUP) ? "tg.code" : DIMENSION_SQL.get(dimension).replace("r.commune", "s.commune");
		}
	}

	private static final String YEAR_CELLS = "ind_resident_year_cell";
	private static final String HEIGHT_CELLS = "ind_height_cell";

	/** Dimensions a cell of ind_resident_year_cell has (not the exact age). */
	private static final List<String> CELL_DIMENSIONS = List.of("commune", "sex", "ethnicity", "age-band", TARGET_GROUP);

	/**
	 * Which ready rows answer this indicator for this period, with its parameters added; null when none
	 * do (then the fact tables answer, same numbers, slower):
	 * <ul>
	 * <li>a whole-population proportion of a calendar year (residents alive on 31 December; a check-up in
	 * the year, a card valid on 31 December, a book by then): the year's cells, or its resident rows
	 * when the question needs the exact age or a list of people;</li>
	 * <li>a birthday cohort (or the births of the period) of a kept birthday, with a dose rule at the
	 * same birthday or within days of birth: the birthday rows;</li>
	 * <li>height measurements: the height cells of a calendar year, else the located heights.</li>
	 * </ul>
	 */
	private Ready ready(IndicatorDefinition indicator, MapSqlParameterSource parameters,
			java.time.LocalDate start, java.time.LocalDate end, List<String> dimensions, boolean listing) {
		FactRule denominator = indicator.denominator();
		switch (denominator.name()) {
			case "alive-at-period-end" -> {
				if (!calendarYear(start, end) || !wholePopulation(indicator)) {
					return null;
				}
				FactRule rule = indicator.numerator();
				String predicate = switch (rule.name()) {
					case "checkup-in-period" -> {
						parameters.addValue("checkupTypes", Arrays.asList(rule.code("types").split("\\|")));
						yield "s.checkup_types && array[:checkupTypes]::varchar[]";
					}
					case "insurance-active-at-period-end" -> "s.insured";
					case "encounter-by-period-end" -> "s.book_created";
					default -> null;
				};
				int year = start.getYear();
				if (predicate == null || !residentYears.ready(year)) {
					return null;
				}
				parameters.addValue("year", year);
				boolean cells = !listing && CELL_DIMENSIONS.containsAll(dimensions) && residentYears.cellsReady(year);
				return new Ready(cells ? YEAR_CELLS : "ind_resident_year", "s.year = :year", predicate,
						cells ? "sum(s.residents)" : "count(*)", cells);
			}
			case "cohort", "born-in-period" -> {
				boolean cohort = denominator.name().equals("cohort");
				int birthday = cohort ? denominator.integer("birthday") : 0;
				if (!indicator.proportion() || !residentYears.keptBirthdays().contains(birthday)
						|| start.isBefore(residentYears.firstDay().toLocalDate()) || !residentYears.birthdaysReady()) {
					return null;
				}
				String predicate = birthdayPredicate(indicator.numerator(), birthday, parameters);
				if (predicate == null) {
					return null;
				}
				parameters.addValue("birthday", birthday);
				return new Ready("ind_birthday", "s.birthday = :birthday and s.ref between :start and :end"
						+ (cohort ? " and (s.death_date is null or s.death_date > s.ref)" : ""), predicate, "count(*)", false);
			}
			case "height-measurements" -> {
				if (indicator.proportion() || dimensions.contains(TARGET_GROUP) || !residentYears.heightsReady()) {
					return null;
				}
				parameters.addValue("minAge", denominator.integer("min-age")).addValue("maxAge", denominator.integer("max-age"));
				if (calendarYear(start, end) && start.getYear() >= residentYears.firstYear()
						&& start.getYear() <= LocalDates.today().getYear() && !listing && residentYears.heightCellsReady()) {
					parameters.addValue("year", start.getYear());
					return new Ready(HEIGHT_CELLS, "s.year = :year and s.age between :minAge and :maxAge", null,
							"sum(s.measurements)", "sum(s.total_cm)", true);
				}
				return new Ready("ind_height_located", "s.measured between :start and :end and s.age between :minAge and :maxAge",
						null, "count(*)", "sum(s.value)", false);
			}
			default -> {
				return null;
			}
		}
	}

	/** A dose rule as a condition on a birthday row, or null when the row cannot say (another birthday). */
	private static String birthdayPredicate(FactRule rule, int birthday, MapSqlParameterSource parameters) {
		switch (rule.name()) {
			case "doses-before" -> {
				if (rule.integer("birthday") != birthday) {
					return null;
				}
				List<String> conditions = new ArrayList<>();
				int i = 0;
				for (Map.Entry<String, String> dose : rule.arguments().entrySet()) {
					if (dose.getKey().equals("birthday")) {
						continue;
					}
					parameters.addValue("vaccine" + i, dose.getKey()).addValue("doses" + i, rule.integer(dose.getKey()));
					conditions.add("coalesce((s.doses_before ->> :vaccine" + i + ")::int, 0) >= :doses" + i);
					i++;
				}
				return conditions.isEmpty() ? null : "(" + String.join(" and ", conditions) + ")";
			}
			case "dose-within" -> {
				parameters.addValue("withinVaccine", rule.code("vaccine")).addValue("withinDays", rule.integer("days"));
				return "coalesce((s.first_dose_days ->> :withinVaccine)::int <= :withinDays, false)";
			}
			default -> {
				return null;
			}
		}
	}

	private static MapSqlParameterSource parameters(Area area, java.time.LocalDate start, java.time.LocalDate end) {
		return new MapSqlParameterSource()
				.addValue("province", area.province())
				.addValue("commune", area.commune())
				.addValue("start", Date.valueOf(start))
				.addValue("end", Date.valueOf(end));
	}

	/** Where each subject lived on their reference date. */
	private static String residence() {
		return """
				join ind_residence r on r.patient_id = s.patient_id
				  and (r.valid_from is null or r.valid_from <= s.ref) and (r.valid_to is null or r.valid_to > s.ref)
				""";
	}

	static boolean calendarYear(java.time.LocalDate start, java.time.LocalDate end) {
		return start.getDayOfYear() == 1 && end.equals(start.withMonth(12).withDayOfMonth(31));
	}

	/** A proportion of the residents alive at the period end: the indicators an official population is a denominator for. */
	static boolean wholePopulation(IndicatorDefinition indicator) {
		return indicator.proportion() && indicator.denominator().name().equals("alive-at-period-end");
	}

	/**
	 * The official population (Group vn-official-population) of the area and, for a province, of each of
	 * its communes, in one year; units without a figure are absent. One figure per unit and year is
	 * expected (identifier {@code <unit>-<year>}); of several, the one stored last counts.
	 */
	Map<String, Long> officialPopulation(Area area, int year) {
		List<String> units = new ArrayList<>(List.of(area.code()));
		if (!area.isCommune()) {
			vn.sskdt.demo.AdminUnits.all().get(area.province()).communes().forEach(c -> units.add(c.code()));
		}
		Map<String, Long> population = new LinkedHashMap<>();
		jdbc.query("""
				select distinct on (o.unit) o.unit, o.population from ind_official_population o
				where o.year = :year and o.unit in (:units) order by o.unit, o.stored desc""",
				new MapSqlParameterSource("year", year).addValue("units", units),
				row -> {
					population.put(row.getString(1), row.getLong(2));
				});
		return population;
	}

	/** @param residence the alias of the table that says where subjects lived */
	private static String areaFilter(Area area, String residence) {
		return area.isCommune() ? "where %1$s.province = :province and %1$s.commune = :commune".formatted(residence)
				: "where %s.province = :province".formatted(residence);
	}

	/** The denominator's subjects: patient_id, birth_date, sex, ethnicity, ref (reference date), age on it [, value]. */
	private static String subjects(FactRule rule, MapSqlParameterSource parameters) {
		String base = switch (rule.name()) {
			case "cohort" -> {
				int years = rule.integer("birthday");
				parameters.addValue("cohortLow", Date.valueOf(((Date) parameters.getValue("start")).toLocalDate().minusYears(years).minusDays(2)));
				parameters.addValue("cohortHigh", Date.valueOf(((Date) parameters.getValue("end")).toLocalDate().minusYears(years).plusDays(2)));
				yield """
						select * from (select p.patient_id, p.birth_date, p.sex, p.ethnicity, p.death_date,
						       (p.birth_date + make_interval(years => %d))::date as ref, null::numeric as value
						  from ind_resident p where p.birth_date between :cohortLow and :cohortHigh) c
						where c.ref between :start and :end and (c.death_date is null or c.death_date > c.ref)"""
						.formatted(years);
			}
			case "born-in-period" -> """
					select p.patient_id, p.birth_date, p.sex, p.ethnicity, p.death_date, p.birth_date as ref, null::numeric as value
					from ind_resident p where p.birth_date between :start and :end""";
			case "alive-at-period-end" -> """
					select p.patient_id, p.birth_date, p.sex, p.ethnicity, p.death_date, cast(:end as date) as ref, null::numeric as value
					from ind_resident p where p.birth_date <= :end and (p.death_date is null or p.death_date > :end)""";
			case "height-measurements" -> {
				parameters.addValue("minAge", rule.integer("min-age")).addValue("maxAge", rule.integer("max-age"));
				yield """
						select * from (select h.patient_id, p.birth_date, p.sex, p.ethnicity, p.death_date, h.measured as ref,
						       h.height_cm as value
						  from ind_height h join ind_resident p on p.patient_id = h.patient_id
						  where h.measured between :start and :end) m
						where extract(year from age(m.ref, m.birth_date)) between :minAge and :maxAge""";
			}
			default -> throw new IllegalArgumentException("unknown denominator rule '" + rule.name() + "'");
		};
		return "select b.*, extract(year from age(b.ref, b.birth_date))::int as age from (" + base + ") b";
	}

	/**
	 * Is subject {@code s} in the numerator: a boolean SQL expression, with the join it needs. Rules that
	 * look at the few doses of one child are correlated subqueries (an index probe per child of the
	 * cohort); rules over the whole population join the set of people who qualify once (a hash join:
	 * a million probes, or a subquery PostgreSQL could not hash within work_mem, would take minutes).
	 */
	record Numerator(String join, String predicate) {}

	private static Numerator numerator(FactRule rule, MapSqlParameterSource parameters, Area area) {
		return switch (rule.name()) {
			case "doses-before" -> {
				int years = rule.integer("birthday");
				List<String> conditions = new ArrayList<>();
				int i = 0;
				for (Map.Entry<String, String> dose : rule.arguments().entrySet()) {
					if (dose.getKey().equals("birthday")) {
						continue;
					}
					String vaccine = "vaccine" + i, doses = "doses" + i;
					i++;
					if (!dose.getKey().matches("[a-z0-9-]+")) {
						throw new IllegalArgumentException("rule doses-before: '" + dose.getKey() + "' is not a vaccine code");
					}
					parameters.addValue(vaccine, dose.getKey());
					parameters.addValue(doses, rule.integer(dose.getKey()));
					// two doses of one vaccine on the same day are one dose (a record sent twice by two stations)
					conditions.add("count(distinct d.occurred) filter (where d.vaccine = :" + vaccine + ") >= :" + doses);
				}
				if (conditions.isEmpty()) {
					throw new IllegalArgumentException("rule doses-before names no vaccine");
				}
				yield new Numerator("", "(select " + String.join(" and ", conditions) + " from ind_dose d where d.patient_id = s.patient_id"
						+ " and d.occurred < (s.birth_date + make_interval(years => " + years + "))::date)");
			}
			case "dose-within" -> {
				parameters.addValue("withinVaccine", rule.code("vaccine")).addValue("withinDays", rule.integer("days"));
				yield new Numerator("", "exists (select 1 from ind_dose d where d.patient_id = s.patient_id and d.vaccine = :withinVaccine"
						+ " and d.occurred between s.birth_date and s.birth_date + :withinDays)");
			}
			case "checkup-in-period" -> {
				parameters.addValue("checkupTypes", Arrays.asList(rule.code("types").split("\\|")));
				yield qualifying(area, "select e.patient_id from ind_encounter e where e.finished"
						+ " and e.checkup_type in (:checkupTypes) and e.started between :start and :end");
			}
			case "insurance-active-at-period-end" -> qualifying(area, "select i.patient_id from ind_insurance i"
					+ " where (i.valid_from is null or i.valid_from <= :end) and (i.valid_to is null or i.valid_to >= :end)");
			case "encounter-by-period-end" -> qualifying(area, "select e.patient_id from ind_encounter e where e.started <= :end");
			default -> throw new IllegalArgumentException("unknown numerator rule '" + rule.name() + "'");
		};
	}

	/**
	 * For a province, the set of people who qualify, joined once; for one commune (a few thousand
	 * residents) an index probe per resident is cheaper than building the province's whole set.
	 */
	private static Numerator qualifying(Area area, String patientIds) {
		if (area.isCommune()) {
			return new Numerator("", "exists (select 1 from (" + patientIds + ") q where q.patient_id = s.patient_id)");
		}
		return new Numerator("left join (select distinct q.patient_id from (" + patientIds + ") q) num on num.patient_id = s.patient_id\n",
				"num.patient_id is not null");
	}
}
