package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.sskdt.support.Indicators.counts;
import static vn.sskdt.support.Indicators.evaluate;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import vn.sskdt.demo.AdminUnits;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Indicators;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/** The indicator API as stations and departments use it: lists of people, CSV, bad requests, rebuild. */
class IndicatorApiTest extends FhirServerTest {

	static final String PERIOD = "periodStart=2025-01-01&periodEnd=2025-12-31";

	@Test
	void aStationGetsThePeopleOfItsCommuneStillToReachAndTheListIsAudited() throws Exception {
		IdType unvaccinated = (IdType) fhir.create().resource(Residents.born("2024-06-01", false, HealthBooks.VY_DA))
				.execute().getId().toUnqualifiedVersionless();
		var station = clientAs(TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA));
		MeasureReport report = station.operation().onInstance("Measure/fully-immunized-1y").named("$evaluate-measure")
				.withParameters(Indicators.period(HealthBooks.VY_DA, 2025)
						.addParameter("reportType", "subject-list").addParameter("_count", new org.hl7.fhir.r4.model.IntegerType(1000)))
				.useHttpGet().returnResourceType(MeasureReport.class).execute();
		assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.SUBJECTLIST);
		ListResource toReach = (ListResource) report.getContained().get(0);
		assertThat(toReach.getEntry()).extracting(e -> e.getItem().getReference()).contains(unvaccinated.getValue());
		List<Long> counts = counts(report);
		assertThat(Indicators.count(report.getGroupFirstRep().getPopulation(), "to-reach")).isEqualTo(counts.get(1) - counts.get(0));

		// the audit trail is written asynchronously, behind whatever earlier tests had audited (thousands of reads)
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(fhir.search().forResource(AuditEvent.class)
				.where(AuditEvent.PATIENT.hasId(unvaccinated)).returnBundle(Bundle.class).execute().getEntry())
				.anySatisfy(e -> assertThat(((AuditEvent) e.getResource()).getEntity())
						.anySatisfy(entity -> assertThat(entity.getDescription()).contains("fully-immunized-1y"))));
	}

	@Test
	void theTableOfAllIndicatorsIsCsvWithEveryCommuneOfTheProvince() throws Exception {
		HttpResponse<String> csv = send(HttpRequest.newBuilder(uri("/fhir/Measure/$indicator-table?" + PERIOD + "&jurisdiction=46"))
				.header("Accept", "text/csv"));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).contains("indicator,version,title");
		int communes = AdminUnits.all().get("46").communes().size();
		long indicators = lines.stream().filter(l -> l.contains(",province,46,")).count();
		assertThat(indicators).isGreaterThanOrEqualTo(12);
		for (AdminUnits.Commune commune : AdminUnits.all().get("46").communes()) {
			assertThat(lines.stream().filter(l -> l.contains(",commune," + commune.code() + ",")).count())
					.as(commune.name()).isEqualTo(indicators);
		}
		assertThat(lines).hasSize(1 + (int) indicators * (1 + communes));
	}

	@Test
	void reportsAreValidMeasureReports() {
		MeasureReport report = evaluate(fhir, "checkup-annual", "46", 2025);
		Parameters in = new Parameters();
		in.addParameter().setName("resource").setResource(report);
		OperationOutcome outcome = (OperationOutcome) fhir.operation().onType("MeasureReport").named("$validate")
				.withParameters(in).returnResourceType(OperationOutcome.class).execute();
		assertThat(outcome.getIssue()).filteredOn(i -> i.getSeverity().ordinal() <= OperationOutcome.IssueSeverity.ERROR.ordinal())
				.extracting(i -> i.getDiagnostics() + " @ " + i.getExpression()).isEmpty();
	}

	@Test
	void badRequestsAreExplained() throws Exception {
		assertProblem("/fhir/Measure/fully-immunized-1y/$evaluate-measure?periodEnd=2025-12-31&jurisdiction=46", 400, "periodStart");
		assertProblem("/fhir/Measure/fully-immunized-1y/$evaluate-measure?" + PERIOD + "&jurisdiction=99999", 400, "99999");
		assertProblem("/fhir/Measure/fully-immunized-1y/$evaluate-measure?periodStart=2025-13-01&periodEnd=2025-12-31&jurisdiction=46", 400, "periodStart");
		assertProblem("/fhir/Measure/fully-immunized-1y/$evaluate-measure?" + PERIOD + "&jurisdiction=46&reportType=individual", 400, "reportType");
		assertProblem("/fhir/Measure/no-such-indicator/$evaluate-measure?" + PERIOD + "&jurisdiction=46", 404, "no-such-indicator");
		assertProblem("/fhir/Measure/fully-immunized-1y/$evaluate-measure?" + PERIOD, 400, "jurisdiction");
	}

	@Test
	void rebuildingTheFactsChangesNoIndicator() throws Exception {
		Bundle before = Indicators.evaluateAll(fhir, "46", 2025);
		HttpResponse<String> rebuilt = postJson("/fhir/$rebuild-indicator-facts", "{\"resourceType\":\"Parameters\"}");
		assertThat(rebuilt.statusCode()).isEqualTo(200);
		Parameters rows = parse(Parameters.class, rebuilt.body());
		assertThat(rows.getParameter("ind_resident").getValue().primitiveValue()).isNotEqualTo("0");
		Bundle after = Indicators.evaluateAll(fhir, "46", 2025);
		assertThat(after.getEntry()).hasSameSizeAs(before.getEntry());
		for (int i = 0; i < before.getEntry().size(); i++) {
			MeasureReport b = (MeasureReport) before.getEntry().get(i).getResource();
			MeasureReport a = (MeasureReport) after.getEntry().get(i).getResource();
			b.setDate(null);
			a.setDate(null);
			assertThat(json(a)).as(b.getMeasure()).isEqualTo(json(b));
		}
	}

	private void assertProblem(String path, int status, String mentioned) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)));
		assertThat(response.statusCode()).as(path).isEqualTo(status);
		OperationOutcome outcome = parse(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(path).contains(mentioned);
	}
}
