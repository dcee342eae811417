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

	private static final Map<String, String> DIMENSION_SQL = new LinkedHashMap<>();

	static {
		DIMENSION_SQL.put("commune", "coalesce(r.commune, '')");
		DIMENSION_SQL.put("sex", "s.sex");
		DIMENSION_SQL.put("ethnicity", "coalesce(s.ethnicity, '')");
		DIMENSION_SQL.put("age-band", """
				case when s.age < 6 then '0-5' when s.age < 18 then '6-17' when s.age < 40 then '18-39'
				     when s.age < 60 then '40-59' when s.age < 80 then '60-79' else '80+' end""");
		DIMENSION_SQL.put("age", "s.age::text");
	}

	private final NamedParameterJdbcTemplate jdbc;

	FactQuery(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Counts per combination of the stratifiers' dimensions (the totals are their sums). */
	List<Cell> count(IndicatorDefinition indicator, Area area, java.time.LocalDate start, java.time.LocalDate end) {
		MapSqlParameterSource parameters = parameters(area, start, end);
		List<String> dimensions = indicator.stratifiers().stream().flatMap(s -> s.dimensions().stream()).distinct()
				.sorted(java.util.Comparator.comparingInt(IndicatorDefinition.DIMENSIONS::indexOf)).toList();
		Numerator numerator = indicator.proportion() ? numerator(indicator.numerator(), parameters, area) : null;
		StringBuilder sql = new StringBuilder("with s as (").append(subjects(indicator.denominator(), parameters))
				.append(")\nselect ");
		for (String dimension : dimensions) {
			sql.append(DIMENSION_SQL.get(dimension)).append(" as \"").append(dimension).append("\", ");
		}
		sql.append("count(*) as denominator, ");
		if (indicator.proportion()) {
			sql.append("count(*) filter (where ").append(numerator.predicate()).append(") as numerator, null as total");
		} else {
			sql.append("0 as numerator, sum(s.value) as total");
		}
		sql.append("\nfrom s ").append(residence()).append(numerator == null ? "" : numerator.join()).append(areaFilter(area));
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
		MapSqlParameterSource parameters = parameters(area, start, end).addValue("offset", offset).addValue("count", count);
		Numerator numerator = numerator(indicator.numerator(), parameters, area);
		String sql = "with s as (" + subjects(indicator.denominator(), parameters) + ")\nselect s.patient_id from s "
				+ residence() + numerator.join() + areaFilter(area) + " and not (" + numerator.predicate() + ")"
				+ "\norder by s.patient_id offset :offset limit :count";
		return jdbc.queryForList(sql, parameters, String.class);
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

	private static String areaFilter(Area area) {
		return area.isCommune() ? "where r.province = :province and r.commune = :commune" : "where r.province = :province";
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
