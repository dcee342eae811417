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

	/** A group of subjects sharing every dimension value: denominator and numerator (or sum of values). */
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
		DIMENSION_SQL.put("age-band", """
				case when s.age < 6 then '0-5' when s.age < 18 then '6-17' when s.age < 40 then '18-39'
				     when s.age < 60 then '40-59' when s.age < 80 then '60-79' else '80+' end""");
		DIMENSION_SQL.put("age", "s.age::text");
		DIMENSION_SQL.put(TARGET_GROUP, "tg.code");
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
	 * Several indicators over one area and period. The whole-population indicators answered from the
	 * same year rows with the same dimensions share one scan of the year's partition (one count per
	 * numerator); the others are counted one by one.
	 */
	Map<IndicatorDefinition, List<Cell>> countAll(List<IndicatorDefinition> indicators, Area area,
			java.time.LocalDate start, java.time.LocalDate end) {
		return quickly(() -> {
			Map<IndicatorDefinition, List<Cell>> cells = new LinkedHashMap<>();
			Map<List<String>, List<IndicatorDefinition>> sharing = new LinkedHashMap<>();
			for (IndicatorDefinition indicator : indicators) {
				if (yearRowPredicate(indicator, new MapSqlParameterSource(), start, end) != null) {
					sharing.computeIfAbsent(singleDimensions(indicator), d -> new ArrayList<>()).add(indicator);
				}
			}
			for (Map.Entry<List<String>, List<IndicatorDefinition>> scan : sharing.entrySet()) {
				cells.putAll(sharedScan(scan.getValue(), area, start, end, scan.getKey()));
			}
			for (IndicatorDefinition indicator : indicators) {
				if (cells.containsKey(indicator)) {
					if (dimensions(indicator).contains(TARGET_GROUP)) {
						cells.get(indicator).addAll(grouped(indicator, area, start, end, true, List.of(TARGET_GROUP)));
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

	/** One scan of the year rows: a numerator count per indicator, the denominator (the same rows) once. */
	private Map<IndicatorDefinition, List<Cell>> sharedScan(List<IndicatorDefinition> indicators, Area area,
			java.time.LocalDate start, java.time.LocalDate end, List<String> dimensions) {
		MapSqlParameterSource parameters = parameters(area, start, end);
		StringBuilder sql = new StringBuilder("select ");
		for (String dimension : dimensions) {
			sql.append(DIMENSION_SQL.get(dimension).replace("r.commune", "s.commune")).append(" as \"").append(dimension).append("\", ");
		}
		sql.append("count(*) as denominator");
		for (int i = 0; i < indicators.size(); i++) {
			MapSqlParameterSource own = new MapSqlParameterSource();
			String predicate = yearRowPredicate(indicators.get(i), own, start, end);
			for (String name : own.getParameterNames()) { // each indicator's parameters under names of its own
				predicate = predicate.replace(":" + name, ":" + name + "_" + i);
				parameters.addValue(name + "_" + i, own.getValue(name));
			}
			sql.append(", count(*) filter (where ").append(predicate).append(") as numerator_").append(i);
		}
		parameters.addValue("year", start.getYear());
		sql.append("\nfrom ind_resident_year s ").append(areaFilter(area, "s")).append(" and s.year = :year");
		if (!dimensions.isEmpty()) {
			sql.append("\ngroup by ");
			for (int i = 1; i <= dimensions.size(); i++) {
				sql.append(i == 1 ? "" : ", ").append(i);
			}
		}
		Map<IndicatorDefinition, List<Cell>> cells = new LinkedHashMap<>();
		indicators.forEach(indicator -> cells.put(indicator, new ArrayList<>()));
		jdbc.query(sql.toString(), parameters, row -> {
			Map<String, String> values = new LinkedHashMap<>();
			for (String dimension : dimensions) {
				values.put(dimension, row.getString(dimension));
			}
			for (int i = 0; i < indicators.size(); i++) {
				cells.get(indicators.get(i)).add(new Cell(values, row.getLong("denominator"), row.getLong("numerator_" + i), null));
			}
		});
		return cells;
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

	/** @param yearRows whether a calendar year may be answered from ind_resident_year (false: from the facts alone) */
	List<Cell> count(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end, boolean yearRows) {
		return quickly(() -> {
			List<Cell> cells = new ArrayList<>(grouped(indicator, area, start, end, yearRows, singleDimensions(indicator)));
			if (dimensions(indicator).contains(TARGET_GROUP)) {
				cells.addAll(grouped(indicator, area, start, end, yearRows, List.of(TARGET_GROUP)));
			}
			return cells;
		});
	}

	private List<Cell> grouped(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			boolean yearRows, List<String> dimensions) {
		MapSqlParameterSource parameters = parameters(area, start, end);
		String yearPredicate = yearRows ? yearRowPredicate(indicator, parameters, start, end) : null;
		Numerator numerator = yearPredicate != null ? new Numerator("", yearPredicate)
				: indicator.proportion() ? numerator(indicator.numerator(), parameters, area) : null;
		StringBuilder sql = new StringBuilder(yearPredicate != null ? "select " : "with s as (")
				.append(yearPredicate != null ? "" : subjects(indicator.denominator(), parameters) + ")\nselect ");
		for (String dimension : dimensions) {
			String column = DIMENSION_SQL.get(dimension);
			sql.append(yearPredicate != null ? column.replace("r.commune", "s.commune") : column).append(" as \"").append(dimension).append("\", ");
		}
		sql.append("count(*) as denominator, ");
		if (indicator.proportion()) {
			sql.append("count(*) filter (where ").append(numerator.predicate()).append(") as numerator, null as total");
		} else {
			sql.append("0 as numerator, sum(s.value) as total");
		}
		String byTargetGroup = "";
		if (dimensions.contains(TARGET_GROUP)) {
			String groups = yearPredicate != null ? "s.target_groups" : targetGroups("s.patient_id", "s.ref", "s.age");
			byTargetGroup = "cross join lateral unnest(case when cardinality(%1$s) = 0 then array['%2$s']::varchar[] else %1$s end) tg(code)\n"
					.formatted(groups, NO_TARGET_GROUP);
		}
		if (yearPredicate != null) {
			sql.append("\nfrom ind_resident_year s ").append(byTargetGroup).append(areaFilter(area, "s")).append(" and s.year = :year");
		} else {
			sql.append("\nfrom s ").append(residence()).append(numerator == null ? "" : numerator.join()).append(byTargetGroup)
					.append(areaFilter(area, "r"));
		}
		if (!dimensions.isEmpty()) {
			sql.append("\ngroup by ");
			for (int i = 1; i <= dimensions.size(); i++) {
				sql.append(i == 1 ? "" : ", ").append(i);
			}
		}
		return jdbc.query(sql.toString(), parameters, (row, n) -> {
			Map<String, String> values = new LinkedHashMap<>();
			for (String dimension : dimensions) {
				values.put(dimension, row.getString(dimension));
			}
			return new Cell(values, row.getLong("denominator"), row.getLong("numerator"), row.getBigDecimal("total"));
		});
	}

	/** Patient ids in the denominator but not the numerator, in id order: the people still to reach. */
	List<String> toReach(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			int offset, int count) {
		return toReach(indicator, area, start, end, offset, count, true);
	}

	List<String> toReach(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end,
			int offset, int count, boolean yearRows) {
		MapSqlParameterSource parameters = parameters(area, start, end).addValue("offset", offset).addValue("count", count);
		String yearPredicate = yearRows ? yearRowPredicate(indicator, parameters, start, end) : null;
		String sql;
		if (yearPredicate != null) {
			sql = "select s.patient_id from ind_resident_year s " + areaFilter(area, "s") + " and s.year = :year and not (" + yearPredicate + ")";
		} else {
			Numerator numerator = numerator(indicator.numerator(), parameters, area);
			sql = "with s as (" + subjects(indicator.denominator(), parameters) + ")\nselect s.patient_id from s "
					+ residence() + numerator.join() + areaFilter(area, "r") + " and not (" + numerator.predicate() + ")";
		}
		return jdbc.queryForList(sql + "\norder by s.patient_id offset :offset limit :count", parameters, String.class);
	}

	/**
	 * A whole-population indicator of one calendar year (residents alive on 31 December; a check-up in
	 * the year, a card valid on 31 December, a book by then) is answered from the ready rows of
	 * ind_resident_year when that year is complete: the numerator as a predicate on one row, or null
	 * when the question is another (a cohort, measurements, a period that is not a calendar year).
	 */
	private String yearRowPredicate(IndicatorDefinition indicator, MapSqlParameterSource parameters,
			java.time.LocalDate start, java.time.LocalDate end) {
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
		if (predicate == null || !residentYears.ready(start.getYear())) {
			return null;
		}
		parameters.addValue("year", start.getYear());
		return predicate;
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
