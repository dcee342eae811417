package vn.sskdt.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import vn.sskdt.demo.AdminUnits;
import vn.sskdt.indicators.FactQuery.Area;
import vn.sskdt.indicators.FactQuery.Cell;

/**
 * Builds the standard MeasureReport of one indicator from the grouped fact counts: population counts,
 * score, the plan target and whether it is met, one stratifier per stratifier of the Measure (a
 * province's report lists every one of its communes, also those with nobody registered: a gap in
 * registration is a finding too).
 */
final class IndicatorReport {

	static final String TARGET_MET = "https://sskdt.vn/fhir/StructureDefinition/vn-target-met";
	static final String OFFICIAL_POPULATION = "https://sskdt.vn/fhir/StructureDefinition/vn-official-population-figure";
	static final String OFFICIAL_SCORE = "https://sskdt.vn/fhir/StructureDefinition/vn-official-score";
	static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
	static final String OUR_POPULATION_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-measure-population";
	static final String PROVINCE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-province";
	static final String COMMUNE_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-commune";
	static final String TARGET_GROUP_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-target-group";
	static final String ETHNICITY_SYSTEM = "https://sskdt.vn/fhir/CodeSystem/vn-ethnicity";
	static final String GENDER_SYSTEM = "http://hl7.org/fhir/administrative-gender";
	static final String UCUM = "http://unitsofmeasure.org";

	private IndicatorReport() {}

	/**
	 * @param officialPopulation official figures by unit code (FactQuery#officialPopulation), shown beside
	 *                           the registered denominator with the score they give; empty when none apply
	 */
	static MeasureReport summary(IndicatorDefinition indicator, Area area, LocalDate start, LocalDate end, List<Cell> cells,
			Map<String, Long> officialPopulation) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(indicator.canonical());
		report.setDate(new Date());
		report.getPeriod().setStartElement(new DateTimeType(start.toString())).setEndElement(new DateTimeType(end.toString()));
		report.getSubject().setDisplay(areaName(area))
				.getIdentifier().setSystem(area.isCommune() ? COMMUNE_SYSTEM : PROVINCE_SYSTEM).setValue(area.code());
		if (indicator.measure().hasImprovementNotation()) {
			report.setImprovementNotation(indicator.measure().getImprovementNotation());
		}
		MeasureReport.MeasureReportGroupComponent group = report.addGroup();
		// target-group cells count a resident once per group: never in the totals
		List<Cell> byGroup = cells.stream().filter(c -> c.dimensions().containsKey(FactQuery.TARGET_GROUP)).toList();
		cells = cells.stream().filter(c -> !c.dimensions().containsKey(FactQuery.TARGET_GROUP)).toList();
		Totals total = Totals.of(cells.stream().filter(c -> c.dimensions().isEmpty()).toList());
		populations(indicator, total, group::addPopulation);
		official(officialPopulation.get(area.code()), total, group);
		score(indicator, total).ifPresent(score -> {
			group.setMeasureScore(score);
			if (indicator.target() != null) {
				group.addExtension(IndicatorDefinition.PLAN_TARGET, indicator.target().copy());
				group.addExtension(TARGET_MET, new BooleanType(met(score, indicator.target())));
			}
		});
		for (IndicatorDefinition.Stratifier stratifier : indicator.stratifiers()) {
			MeasureReport.MeasureReportGroupStratifierComponent out = group.addStratifier();
			out.addCode().setText(stratifier.code());
			List<Cell> source = stratifier.dimensions().contains(FactQuery.TARGET_GROUP) ? byGroup : cells;
			for (Map.Entry<List<String>, Totals> stratum : strata(stratifier, area, source).entrySet()) {
				MeasureReport.StratifierGroupComponent s = out.addStratum();
				List<String> values = stratum.getKey();
				if (stratifier.dimensions().size() == 1) {
					s.setValue(value(stratifier.dimensions().get(0), values.get(0)));
				} else {
					for (int i = 0; i < values.size(); i++) {
						s.addComponent().setCode(new CodeableConcept().setText(stratifier.dimensions().get(i)))
								.setValue(value(stratifier.dimensions().get(i), values.get(i)));
					}
				}
				populations(indicator, stratum.getValue(), s::addPopulation);
				if (stratifier.dimensions().equals(List.of("commune"))) {
					official(officialPopulation.get(values.get(0)), stratum.getValue(), s);
				}
				score(indicator, stratum.getValue()).ifPresent(score -> {
					s.setMeasureScore(score);
					if (indicator.target() != null) {
						s.addExtension(TARGET_MET, new BooleanType(met(score, indicator.target())));
					}
				});
			}
		}
		return report;
	}

	/** The same report with the people still to reach (one page of them), for those allowed to see them. */
	static MeasureReport subjectList(MeasureReport summary, List<String> patientIds, long toReach, int offset) {
		summary.setType(MeasureReport.MeasureReportType.SUBJECTLIST);
		ListResource list = new ListResource();
		list.setId("to-reach");
		list.setStatus(ListResource.ListStatus.CURRENT);
		list.setMode(ListResource.ListMode.SNAPSHOT);
		list.setTitle("Cần tiếp cận / Still to reach: " + (patientIds.isEmpty() ? 0 : offset + 1) + "–"
				+ (offset + patientIds.size()) + " / " + toReach);
		patientIds.forEach(id -> list.addEntry().setItem(new Reference("Patient/" + id)));
		summary.addContained(list);
		summary.getGroupFirstRep().addPopulation()
				.setCode(new CodeableConcept(new Coding(OUR_POPULATION_SYSTEM, "to-reach", "Cần tiếp cận / Still to reach")))
				.setCount((int) toReach)
				.setSubjectResults(new Reference("#to-reach"));
		return summary;
	}

	/** Counts of a set of cells. */
	record Totals(long denominator, long numerator, BigDecimal sum) {
		static Totals of(List<Cell> cells) {
			long d = 0, n = 0;
			BigDecimal sum = BigDecimal.ZERO;
			for (Cell c : cells) {
				d += c.denominator();
				n += c.numerator();
				sum = c.sum() == null ? sum : sum.add(c.sum());
			}
			return new Totals(d, n, sum);
		}
	}

	private static void populations(IndicatorDefinition indicator, Totals totals, java.util.function.Supplier<?> adder) {
		if (indicator.proportion()) {
			population(adder.get(), "initial-population", totals.denominator());
			population(adder.get(), "denominator", totals.denominator());
			population(adder.get(), "numerator", totals.numerator());
		} else {
			population(adder.get(), "initial-population", totals.denominator());
			population(adder.get(), "measure-population", totals.denominator());
			population(adder.get(), "measure-observation", totals.denominator());
		}
	}

	private static void population(Object population, String code, long count) {
		CodeableConcept concept = new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null));
		if (population instanceof MeasureReport.MeasureReportGroupPopulationComponent p) {
			p.setCode(concept).setCount((int) count);
		} else if (population instanceof MeasureReport.StratifierGroupPopulationComponent p) {
			p.setCode(concept).setCount((int) count);
		}
	}

	/** The official population and the numerator's share of it, beside the registered denominator. */
	private static void official(Long population, Totals totals, org.hl7.fhir.r4.model.Element result) {
		if (population == null) {
			return;
		}
		result.addExtension(OFFICIAL_POPULATION, new IntegerType(population.intValue()));
		if (population > 0) {
			result.addExtension(OFFICIAL_SCORE, new Quantity().setValue(
					BigDecimal.valueOf(totals.numerator()).divide(BigDecimal.valueOf(population), 4, RoundingMode.HALF_UP)));
		}
	}

	/**
	 * Proportion: the fraction, 4 decimals, without unit (as FHIR defines a proportion's score; the
	 * target is in per cent); continuous variable: the mean in cm, 2 decimals. None for an empty population.
	 */
	private static java.util.Optional<Quantity> score(IndicatorDefinition indicator, Totals totals) {
		if (totals.denominator() == 0) {
			return java.util.Optional.empty();
		}
		if (indicator.proportion()) {
			BigDecimal fraction = BigDecimal.valueOf(totals.numerator())
					.divide(BigDecimal.valueOf(totals.denominator()), 4, RoundingMode.HALF_UP);
			return java.util.Optional.of(new Quantity().setValue(fraction));
		}
		BigDecimal mean = totals.sum().divide(BigDecimal.valueOf(totals.denominator()), 2, RoundingMode.HALF_UP);
		return java.util.Optional.of(new Quantity().setValue(mean).setSystem(UCUM).setCode("cm").setUnit("cm"));
	}

	/** A target in per cent against a proportion's fraction (or a mean against a target in its own unit). */
	static boolean met(Quantity score, Quantity target) {
		BigDecimal wanted = "%".equals(target.getCode()) ? target.getValue().movePointLeft(2) : target.getValue();
		int c = score.getValue().compareTo(wanted);
		if (!target.hasComparator()) {
			return c >= 0;
		}
		return switch (target.getComparator()) {
			case GREATER_THAN -> c > 0;
			case GREATER_OR_EQUAL -> c >= 0;
			case LESS_THAN -> c < 0;
			case LESS_OR_EQUAL -> c <= 0;
			default -> c >= 0;
		};
	}

	/**
	 * The strata of a stratifier: the cells grouped by exactly its dimensions (FactQuery counts one cell
	 * per stratum); for the commune stratifier of a province, every commune of it.
	 */
	private static Map<List<String>, Totals> strata(IndicatorDefinition.Stratifier stratifier, Area area, List<Cell> cells) {
		Map<List<String>, List<Cell>> grouped = new LinkedHashMap<>();
		if (stratifier.dimensions().equals(List.of("commune"))) {
			List<String> communes = area.isCommune() ? List.of(area.commune())
					: AdminUnits.all().get(area.province()).communes().stream().map(AdminUnits.Commune::code).toList();
			communes.forEach(code -> grouped.put(List.of(code), new ArrayList<>()));
		}
		java.util.Set<String> dimensions = java.util.Set.copyOf(stratifier.dimensions());
		for (Cell cell : cells) {
			if (!cell.dimensions().keySet().equals(dimensions)) {
				continue;
			}
			List<String> key = stratifier.dimensions().stream().map(d -> cell.dimensions().get(d)).toList();
			grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(cell);
		}
		Map<List<String>, Totals> result = new LinkedHashMap<>();
		grouped.entrySet().stream()
				.sorted(stratifier.dimensions().equals(List.of("commune")) ? (a, b) -> 0 : java.util.Map.Entry.comparingByKey(IndicatorReport::compareKeys))
				.forEach(e -> result.put(e.getKey(), Totals.of(e.getValue())));
		return result;
	}

	private static int compareKeys(List<String> a, List<String> b) {
		for (int i = 0; i < a.size(); i++) {
			int c = compareValues(a.get(i), b.get(i));
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	private static int compareValues(String a, String b) {
		if (a.matches("[0-9]+") && b.matches("[0-9]+")) {
			return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
		}
		return a.compareTo(b);
	}

	private static CodeableConcept value(String dimension, String code) {
		// a stratum always has a value (mrp-2): residents without a recorded ethnicity are "unknown"
		CodeableConcept concept = new CodeableConcept().setText(code.isEmpty() ? "unknown" : code);
		switch (dimension) {
			case "commune" -> {
				if (!code.isEmpty()) {
					concept.addCoding(new Coding(COMMUNE_SYSTEM, code, communeName(code)));
				}
			}
			case FactQuery.TARGET_GROUP -> {
				if (!code.equals(FactQuery.NO_TARGET_GROUP)) {
					concept.addCoding(new Coding(TARGET_GROUP_SYSTEM, code, null));
				}
			}
			case "ethnicity" -> {
				if (!code.isEmpty()) {
					concept.addCoding(new Coding(ETHNICITY_SYSTEM, code, null));
				}
			}
			case "sex" -> concept.setText(switch (code) {
				case "m" -> "male";
				case "f" -> "female";
				case "o" -> "other";
				default -> "unknown";
			}).addCoding(new Coding(GENDER_SYSTEM, concept.getText(), null));
			default -> {}
		}
		return concept;
	}

	static String areaName(Area area) {
		AdminUnits.Province province = AdminUnits.all().get(area.province());
		if (!area.isCommune()) {
			return province.name();
		}
		return communeName(area.commune()) + ", " + province.name();
	}

	static String communeName(String code) {
		for (AdminUnits.Province p : AdminUnits.all().values()) {
			for (AdminUnits.Commune c : p.communes()) {
				if (c.code().equals(code)) {
					return c.name();
				}
			}
		}
		return code;
	}
}
