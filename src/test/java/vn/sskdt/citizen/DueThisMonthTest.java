package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sskdt.support.Families.Dose.given;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.Families;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.TestTokens;

/** {@code Patient/$immds-due?month=}: a station's list of its commune's children due or overdue. */
class DueThisMonthTest extends FhirServerTest {

	private static final String STAFF_THUAN_HOA = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);

	@Test
	void theStationListsItsChildrenDueOrOverdueThatMonthOnly() throws Exception {
		LocalDate born = LocalDate.parse("2025-01-15");
		IdType due = Families.child(fhir, null, born, HealthBooks.THUAN_HOA, List.of(given("hepb-birth", "2025-01-15"), given("bcg", "2025-01-20")));
		IdType elsewhere = Families.child(fhir, null, born, HealthBooks.VY_DA, List.of());
		IdType notYet = Families.child(fhir, null, LocalDate.parse("2025-02-20"), HealthBooks.THUAN_HOA,
				List.of(given("hepb-birth", "2025-02-20"), given("bcg", "2025-02-21")));

		HttpResponse<String> response = list(STAFF_THUAN_HOA, "?month=2025-03");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle list = parse(Bundle.class, response.body());
		List<String> children = list.getEntry().stream()
				.filter(e -> e.getResource() instanceof ImmunizationRecommendation)
				.map(e -> ((ImmunizationRecommendation) e.getResource()).getPatient().getReference())
				.toList();
		assertThat(children).contains(due.getValue()).doesNotContain(elsewhere.getValue(), notYet.getValue());
		ImmunizationRecommendation forecast = list.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof ImmunizationRecommendation ir && ir.getPatient().getReference().equals(due.getValue()))
				.map(ImmunizationRecommendation.class::cast).findFirst().orElseThrow();
		// on 2025-03-31 the 2-month doses are due; the birth doses were given; nothing else is listed
		assertThat(forecast.getRecommendation())
				.extracting(r -> r.getVaccineCodeFirstRep().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("penta", "opv", "rota");
		// the child comes along for the printed list
		assertThat(list.getEntry()).anyMatch(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient
				&& e.getResource().getIdElement().getIdPart().equals(due.getIdPart()));
	}

	@Test
	void anotherCommuneCitizensAndBadMonthsAreRefused() throws Exception {
		assertThat(list(STAFF_THUAN_HOA, "?month=2025-03&commune=" + HealthBooks.VY_DA).statusCode()).isEqualTo(403);
		assertThat(list(TestTokens.citizen(new HealthBooks(fhir).parent.cccd()), "?month=2025-03").statusCode()).isEqualTo(403);
		assertThat(list(TestTokens.analyst("46"), "?month=2025-03").statusCode()).isEqualTo(403);
		for (String bad : List.of("?month=2025-13", "?month=March", "")) {
			HttpResponse<String> response = list(STAFF_THUAN_HOA, bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(response.body()).contains("OperationOutcome");
		}
	}

	private HttpResponse<String> list(String token, String query) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/$immds-due" + query))
				.header("Accept", "application/fhir+json").GET());
	}
}
