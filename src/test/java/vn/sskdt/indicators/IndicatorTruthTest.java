package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Indicators;
import vn.sskdt.support.LoadedProvince;

/**
 * Every indicator the generator can know from the bundles alone, for every commune of the synthetic
 * province and the province, equals the generator's true answer, asked the way a department asks:
 * {@code Measure/$evaluate-measure} over HTTP.
 */
class IndicatorTruthTest extends FhirServerTest {

	@Autowired
	IFhirSystemDao<Bundle, ?> systemDao;

	LoadedProvince province;

	@BeforeEach
	void province() {
		province = LoadedProvince.haiPhong(fhirContext, systemDao);
	}

	@Test
	void everyProportionIndicatorEqualsTheTruthInEveryCommuneAndTheProvince() {
		Map<String, MeasureReport> reports = allIndicators("31");
		List<String> compared = new ArrayList<>();
		for (JsonNode row : province.truth.get("rows")) {
			String indicator = row.get("indicator").asText();
			if (!province.truth.get("definitions").path(indicator).path("computableFromBundles").asBoolean(false)
					|| indicator.equals("height-1-18")) {
				continue;
			}
			assertThat(reports).as("a Measure for truth indicator " + indicator).containsKey(indicator);
			MeasureReport.MeasureReportGroupComponent group = reports.get(indicator).getGroupFirstRep();
			long numerator, denominator;
			if (row.get("level").asText().equals("province")) {
				numerator = Indicators.count(group.getPopulation(), "numerator");
				denominator = Indicators.count(group.getPopulation(), "denominator");
			} else {
				MeasureReport.StratifierGroupComponent stratum = Indicators.stratum(reports.get(indicator), "commune", row.get("area").asText());
				numerator = Indicators.count(stratum, "numerator");
				denominator = Indicators.count(stratum, "denominator");
			}
			assertThat(List.of(numerator, denominator)).as(indicator + " in " + row.get("area").asText())
					.containsExactly(row.get("numerator").asLong(), row.get("denominator").asLong());
			compared.add(indicator + "@" + row.get("area").asText());
		}
		// 9 proportion indicators the bundles determine × (3 communes + the province)
		assertThat(compared).hasSizeGreaterThanOrEqualTo(9 * 4);
	}

	@Test
	void meanHeightBySexAndAgeEqualsTheTruthInEveryCommune() {
		int compared = 0;
		Map<String, MeasureReport> byCommune = new HashMap<>();
		for (JsonNode row : province.truth.get("rows")) {
			if (!row.get("indicator").asText().equals("height-1-18") || !row.get("level").asText().equals("commune")) {
				continue;
			}
			String commune = row.get("area").asText();
			MeasureReport report = byCommune.computeIfAbsent(commune, c -> Indicators.evaluate(fhir, "height-1-18", c, 2025));
			MeasureReport.StratifierGroupComponent stratum = report.getGroupFirstRep().getStratifier().stream()
					.filter(s -> s.getCodeFirstRep().getText().equals("sex-age")).findFirst().orElseThrow()
					.getStratum().stream()
					.filter(s -> s.getComponent().get(0).getValue().getText().equals(row.get("sex").asText())
							&& s.getComponent().get(1).getValue().getText().equals(row.get("age").asText()))
					.findFirst().orElseThrow(() -> new AssertionError("no stratum for " + row));
			assertThat(Indicators.count(stratum, "measure-population")).as(row.toString()).isEqualTo(row.get("denominator").asLong());
			// the report's score is the mean rounded half up to 2 decimals (the truth file's "mean" rounds half even)
			BigDecimal trueMean = new BigDecimal(row.get("numerator").asText())
					.divide(new BigDecimal(row.get("denominator").asText()), 2, java.math.RoundingMode.HALF_UP);
			assertThat(stratum.getMeasureScore().getValue()).as(row.toString()).isEqualByComparingTo(trueMean);
			compared++;
		}
		assertThat(compared).isGreaterThan(20);
	}

	private Map<String, MeasureReport> allIndicators(String area) {
		Bundle reports = Indicators.evaluateAll(fhir, area, 2025);
		Map<String, MeasureReport> byId = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : reports.getEntry()) {
			MeasureReport report = (MeasureReport) entry.getResource();
			String url = report.getMeasure().split("\\|")[0];
			byId.put(url.substring(url.lastIndexOf('/') + 1), report);
		}
		return byId;
	}

}
