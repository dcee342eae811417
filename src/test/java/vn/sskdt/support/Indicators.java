package vn.sskdt.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/** Asking for indicators as a department or station does, and reading the MeasureReports. */
public final class Indicators {

	private Indicators() {}

	public static MeasureReport evaluate(IGenericClient client, String measure, String area, int year) {
		return client.operation().onInstance("Measure/" + measure).named("$evaluate-measure")
				.withParameters(period(area, year)).useHttpGet().returnResourceType(MeasureReport.class).execute();
	}

	/** Every active indicator at once: a collection Bundle of MeasureReports. */
	public static Bundle evaluateAll(IGenericClient client, String area, int year) {
		return client.operation().onType("Measure").named("$evaluate-measure")
				.withParameters(period(area, year)).useHttpGet().returnResourceType(Bundle.class).execute();
	}

	public static Parameters period(String area, int year) {
		return new Parameters()
				.addParameter("periodStart", new StringType(year + "-01-01"))
				.addParameter("periodEnd", new StringType(year + "-12-31"))
				.addParameter("jurisdiction", new StringType(area));
	}

	/** [numerator, denominator] of the report's group. */
	public static List<Long> counts(MeasureReport report) {
		MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
		return List.of(count(group.getPopulation(), "numerator"), count(group.getPopulation(), "denominator"));
	}

	public static long count(List<MeasureReport.MeasureReportGroupPopulationComponent> populations, String code) {
		return populations.stream().filter(p -> p.getCode().getCodingFirstRep().getCode().equals(code)).findFirst()
				.orElseThrow(() -> new AssertionError("no population " + code)).getCount();
	}

	public static MeasureReport.StratifierGroupComponent stratum(MeasureReport report, String stratifier, String value) {
		return report.getGroupFirstRep().getStratifier().stream().filter(s -> s.getCodeFirstRep().getText().equals(stratifier))
				.findFirst().orElseThrow(() -> new AssertionError("no stratifier " + stratifier))
				.getStratum().stream().filter(s -> s.getValue().getText().equals(value)).findFirst()
				.orElseThrow(() -> new AssertionError("no " + stratifier + " stratum " + value));
	}

	public static long count(MeasureReport.StratifierGroupComponent stratum, String code) {
		return stratum.getPopulation().stream().filter(p -> p.getCode().getCodingFirstRep().getCode().equals(code)).findFirst()
				.orElseThrow(() -> new AssertionError("no population " + code)).getCount();
	}
}
