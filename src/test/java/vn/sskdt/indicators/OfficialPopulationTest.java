package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.sskdt.support.HealthRecords.checkup;
import static vn.sskdt.support.Indicators.counts;
import static vn.sskdt.support.Indicators.evaluate;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Indicators;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/**
 * A department loads the official population of a commune for a year (a Group of profile
 * vn-official-population) and sees it beside the registered denominator, with the score it gives,
 * in the reports and the CSV table of the whole-population indicators.
 */
class OfficialPopulationTest extends FhirServerTest {

	// a Huế commune only this class gives an official figure to
	static final String HUONG_TRA = "19996";

	@Test
	void theOfficialFigureOfAYearStandsBesideTheRegisteredDenominator() throws Exception {
		storeOfficialPopulation(HUONG_TRA, 2025, 4000);
		IdType checked = (IdType) fhir.create().resource(Residents.livingIn(Residents.newPersonalId(), HUONG_TRA)).execute()
				.getId().toUnqualifiedVersionless();
		fhir.create().resource(Residents.livingIn(Residents.newPersonalId(), HUONG_TRA)).execute();
		fhir.create().resource(checkup(checked, "annual-free", "2025-05-01")).execute();

		MeasureReport commune = evaluate(fhir, "checkup-annual", HUONG_TRA, 2025);
		List<Long> registered = counts(commune);
		assertThat(registered.get(1)).as("registered residents").isGreaterThanOrEqualTo(2).isLessThan(4000);
		assertThat(official(commune.getGroupFirstRep())).isEqualTo(4000);
		assertThat(officialScore(commune.getGroupFirstRep()))
				.isEqualByComparingTo(BigDecimal.valueOf(registered.get(0)).divide(BigDecimal.valueOf(4000), 4, RoundingMode.HALF_UP));

		// in the province's report, on the commune's stratum only
		MeasureReport province = evaluate(fhir, "checkup-annual", "46", 2025);
		assertThat(official(Indicators.stratum(province, "commune", HUONG_TRA))).isEqualTo(4000);
		assertThat(Indicators.stratum(province, "commune", "20107").getExtensionByUrl(IndicatorReport.OFFICIAL_POPULATION))
				.as("a commune without an official figure").isNull();
		// not another year, not a cohort indicator (the figure is of the whole population)
		assertThat(evaluate(fhir, "checkup-annual", HUONG_TRA, 2024).getGroupFirstRep()
				.getExtensionByUrl(IndicatorReport.OFFICIAL_POPULATION)).isNull();
		assertThat(evaluate(fhir, "fully-immunized-1y", HUONG_TRA, 2025).getGroupFirstRep()
				.getExtensionByUrl(IndicatorReport.OFFICIAL_POPULATION)).isNull();

		String csv = send(HttpRequest.newBuilder(uri("/fhir/Measure/$indicator-table?periodStart=2025-01-01&periodEnd=2025-12-31&jurisdiction="
				+ HUONG_TRA)).header("Accept", "text/csv")).body();
		assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",official_population,value_official");
		// the commune's line, and its line as the commune stratum of its own report
		assertThat(csv.lines().filter(line -> line.startsWith("checkup-annual,")).toList()).isNotEmpty()
				.allSatisfy(line -> assertThat(line).contains(",4000,"));

		// a corrected figure (same identifier) replaces the first
		storeOfficialPopulation(HUONG_TRA, 2025, 4100);
		assertThat(official(evaluate(fhir, "checkup-annual", HUONG_TRA, 2025).getGroupFirstRep())).isEqualTo(4100);
	}

	@Test
	void aFigureForAnUnknownUnitIsRefusedWithItsLocation() {
		Group group = officialPopulation("99999", 2025, 100);
		assertThatThrownBy(() -> fhir.update().resource(group)
				.conditionalByUrl("Group?identifier=https://sskdt.vn/fhir/sid/official-population|99999-2025").execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(((OperationOutcome) e.getOperationOutcome())
						.getIssue()).anySatisfy(issue -> assertThat(issue.getExpression().toString()).contains("characteristic")));
	}

	@Test
	void onlyAdministratorsAndSystemAccountsLoadFigures() {
		Group group = officialPopulation(HUONG_TRA, 2026, 4200);
		assertThatThrownBy(() -> clientAs(TestTokens.analyst("46")).create().resource(group).execute())
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> clientAs(TestTokens.staff("46001", HUONG_TRA)).create().resource(group).execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	private void storeOfficialPopulation(String unit, int year, int population) {
		fhir.update().resource(officialPopulation(unit, year, population))
				.conditionalByUrl("Group?identifier=https://sskdt.vn/fhir/sid/official-population|" + unit + "-" + year).execute();
	}

	private static Group officialPopulation(String unit, int year, int population) {
		Group group = new Group();
		group.getMeta().addProfile("https://sskdt.vn/fhir/StructureDefinition/vn-official-population");
		group.addIdentifier().setSystem("https://sskdt.vn/fhir/sid/official-population").setValue(unit + "-" + year);
		group.setType(Group.GroupType.PERSON).setActual(false).setQuantity(population);
		Group.GroupCharacteristicComponent area = group.addCharacteristic()
				.setCode(new CodeableConcept(new Coding("https://sskdt.vn/fhir/CodeSystem/vn-population-characteristic", "admin-unit", null)))
				.setValue(new CodeableConcept(new Coding("https://sskdt.vn/fhir/CodeSystem/vn-commune", unit, null)))
				.setExclude(false);
		area.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(year + "-01-01"))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(year + "-12-31"));
		return group;
	}

	private static int official(Element result) {
		Extension extension = result.getExtensionByUrl(IndicatorReport.OFFICIAL_POPULATION);
		assertThat(extension).as("official population extension").isNotNull();
		return ((IntegerType) extension.getValue()).getValue();
	}

	private static BigDecimal officialScore(Element result) {
		Extension extension = result.getExtensionByUrl(IndicatorReport.OFFICIAL_SCORE);
		assertThat(extension).as("official score extension").isNotNull();
		return ((Quantity) extension.getValue()).getValue();
	}
}
