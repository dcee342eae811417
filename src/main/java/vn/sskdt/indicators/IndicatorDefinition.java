package vn.sskdt.indicators;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Quantity;

/**
 * What the evaluation needs from a stored Measure: its identity (url|version), scoring, the rules of
 * its populations, its plan target and its stratifiers. Read from the Measure resource each time, so a
 * new version of a Measure is a new definition without any code change.
 */
record IndicatorDefinition(
		String id, String url, String version, String title, boolean proportion,
		FactRule denominator, FactRule numerator, String observation, Quantity target,
		List<Stratifier> stratifiers, Measure measure) {

	static final String PLAN_TARGET = "https://sskdt.vn/fhir/StructureDefinition/vn-plan-target";

	/** A stratifier: its code text and the fact dimensions it groups by (one, or several components). */
	record Stratifier(String code, List<String> dimensions) {}

	/** The dimensions a stratifier may name; each is a column of {@link FactQuery}'s grouped rows. */
	static final List<String> DIMENSIONS = List.of("commune", "sex", "ethnicity", "age-band", "age", FactQuery.TARGET_GROUP);

	static IndicatorDefinition of(Measure measure) {
		String scoring = measure.getScoring().getCodingFirstRep().getCode();
		boolean proportion = "proportion".equals(scoring);
		if (!proportion && !"continuous-variable".equals(scoring)) {
			throw new IllegalArgumentException("scoring '" + scoring + "' is not supported (proportion, continuous-variable)");
		}
		if (measure.getGroup().size() != 1) {
			throw new IllegalArgumentException("one group per indicator Measure, found " + measure.getGroup().size());
		}
		Measure.MeasureGroupComponent group = measure.getGroupFirstRep();
		FactRule denominator = rule(group, proportion ? "denominator" : "measure-population");
		FactRule numerator = proportion ? rule(group, "numerator") : null;
		String observation = proportion ? null : expression(group, "measure-observation");
		List<Stratifier> stratifiers = new ArrayList<>();
		for (Measure.MeasureGroupStratifierComponent s : group.getStratifier()) {
			List<String> dimensions = s.hasComponent()
					? s.getComponent().stream().map(c -> dimension(c.getCriteria())).toList()
					: List.of(dimension(s.getCriteria()));
			if (dimensions.size() > 1 && dimensions.contains(FactQuery.TARGET_GROUP)) {
				throw new IllegalArgumentException("stratifier target-group cannot be a component: a resident may be in several groups");
			}
			stratifiers.add(new Stratifier(s.getCode().hasText() ? s.getCode().getText() : String.join("-", dimensions), dimensions));
		}
		Extension target = measure.getExtensionByUrl(PLAN_TARGET);
		return new IndicatorDefinition(measure.getIdElement().getIdPart(), measure.getUrl(), measure.getVersion(),
				measure.getTitle(), proportion, denominator, numerator, observation,
				target == null ? null : (Quantity) target.getValue(), List.copyOf(stratifiers), measure);
	}

	/** The canonical reference reports carry: which definition, which version. */
	String canonical() {
		return version == null ? url : url + "|" + version;
	}

	private static FactRule rule(Measure.MeasureGroupComponent group, String population) {
		return FactRule.parse(expression(group, population));
	}

	private static String expression(Measure.MeasureGroupComponent group, String population) {
		return group.getPopulation().stream()
				.filter(p -> population.equals(p.getCode().getCodingFirstRep().getCode()))
				.findFirst()
				.map(p -> checked(p.getCriteria()))
				.orElseThrow(() -> new IllegalArgumentException("no " + population + " population"));
	}

	private static String dimension(Expression criteria) {
		String name = checked(criteria).trim();
		if (!DIMENSIONS.contains(name)) {
			throw new IllegalArgumentException("unknown stratifier '" + name + "', known: " + DIMENSIONS);
		}
		return name;
	}

	private static String checked(Expression criteria) {
		if (!FactRule.LANGUAGE.equals(criteria.getLanguage())) {
			throw new IllegalArgumentException("criteria language '" + criteria.getLanguage() + "': only " + FactRule.LANGUAGE
					+ " is evaluated here (indicators are counted from facts, not by CQL per person)");
		}
		return criteria.getExpression();
	}
}
