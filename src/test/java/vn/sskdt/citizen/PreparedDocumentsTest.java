package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.sskdt.support.Families;
import vn.sskdt.support.Families.Dose;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.PreparedBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;
import vn.sskdt.support.Vaccinations;

/**
 * Books changed by a write are prepared in the background (DocumentPreparation, PreparedDocuments):
 * the first opening of such a book, never opened before, is a document generated before the request,
 * on the request's server base, and it says what a generated one says; a forecast prepared today says
 * on a later date what a forecast made on that date says; a write hides the prepared documents of its
 * book in its own transaction.
 */
class PreparedDocumentsTest extends FhirServerTest {

	@Autowired
	JdbcTemplate jdbc;

	/** The server's today (sskdt.citizen.time-zone), from which a forecast without a date is made. */
	@Autowired
	CitizenProperties properties;

	private LocalDate today() {
		return LocalDate.now(properties.timeZone());
	}

	private record Child(String motherCccd, IdType patient) {
		String mother() {
			return TestTokens.citizen(motherCccd);
		}
	}

	/** A girl of Thuận Hóa born a week ago, with her birth doses. */
	private Child newborn() {
		String mother = Residents.newPersonalId();
		LocalDate born = LocalDate.now().minusDays(7);
		IdType patient = Families.child(fhir, mother, born, HealthBooks.THUAN_HOA, List.of(
				Dose.given("hepb-birth", born.toString()), Dose.given("bcg", born.plusDays(2).toString())));
		return new Child(mother, patient);
	}

	private void awaitPrepared(IdType patient) {
		PreparedBooks.await(jdbc, patient);
	}

	/**
	 * Now, a second after the preparation, to the second: a forecast's date is to the second, so one made
	 * at the request cannot be before this, and the prepared one is.
	 */
	private static Instant askedAfterASecond() throws InterruptedException {
		Thread.sleep(1_100);
		return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
	}

	private HttpResponse<String> open(String token, IdType patient, String operationAndQuery) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/" + patient.getIdPart() + "/" + operationAndQuery))
				.header("Accept", "application/fhir+json").GET());
	}

	private ImmunizationRecommendation forecast(Child child, LocalDate assessment) throws Exception {
		HttpResponse<String> response = open(child.mother(), child.patient(), "$immds-forecast?assessmentDate=" + assessment);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(ImmunizationRecommendation.class, response.body());
	}

	/** Per vaccine: status, dose number and date criteria (what must not depend on how it was made). */
	private static Map<String, String> advice(ImmunizationRecommendation forecast) {
		Map<String, String> advice = new TreeMap<>();
		for (ImmunizationRecommendationRecommendationComponent r : forecast.getRecommendation()) {
			advice.put(r.getVaccineCodeFirstRep().getCodingFirstRep().getCode(),
					r.getForecastStatus().getCodingFirstRep().getCode() + " dose " + r.getDoseNumberPositiveIntType().getValue()
							+ " " + r.getDateCriterion().stream().map(c -> c.getCode().getCodingFirstRep().getCode() + "="
									+ c.getValueElement().getValueAsString()).toList()
							+ " counted " + r.getSupportingImmunization().size());
		}
		return advice;
	}

	@Test
	void theFirstOpeningOfAChangedBookIsTheDocumentPreparedBeforeIt() throws Exception {
		Child child = newborn();
		awaitPrepared(child.patient());
		Instant asked = askedAfterASecond();

		HttpResponse<String> response = open(child.mother(), child.patient(), "$summary");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle summary = parse(Bundle.class, response.body());
		Composition composition = (Composition) summary.getEntryFirstRep().getResource();
		assertThat(composition.getDate().toInstant()).isBefore(asked);
		// on the base the app called, never on the placeholder it was prepared on
		assertThat(response.body()).doesNotContain(HealthBookSummaryProvider.PREPARED_BASE);
		assertThat(summary.getEntry()).allSatisfy(entry -> assertThat(entry.getFullUrl())
				.matches(url -> url.startsWith(baseUrl() + "/") || url.startsWith("urn:uuid:"), "on the server base"));
		assertThat(composition.getSection()).filteredOn(s -> s.getCode().hasCoding("http://loinc.org", HealthBookSummaryTest.IMMUNIZATIONS))
				.singleElement().satisfies(section -> assertThat(section.getEntry()).hasSize(2));
		// as a generated Vietnamese summary: only HAPI's offline check of the language "vi" fails (HealthBookSummaryTest)
		assertThat(IpsValidation.errors(fhirContext, summary)).hasSize(2).allSatisfy(error -> assertThat(error)
				.containsAnyOf("Slice 'Bundle.entry:composition'", "Code \"vi\" is not in valueset"));

		ImmunizationRecommendation forecast = forecast(child, today());
		assertThat(forecast.getDate().toInstant()).isBefore(asked);
		assertThat(forecast.getPatient().getReference()).isEqualTo("Patient/" + child.patient().getIdPart());

		// still refused to others, and still in the book's trail
		assertThat(open(TestTokens.citizen(Residents.newPersonalId()), child.patient(), "$summary").statusCode()).isEqualTo(403);
		assertThat(open(TestTokens.staff(HealthBooks.STATION_VY_DA, HealthBooks.VY_DA), child.patient(), "$summary")
				.statusCode()).isEqualTo(404);
		awaitAuditEvent(TestTokens.citizen(child.motherCccd()), child.patient().getIdPart(),
				event -> event.getEntity().stream().anyMatch(e -> "Tóm tắt sổ sức khỏe / Health book summary".equals(e.getDescription())));
	}

	@Test
	void aForecastPreparedTodaySaysOnALaterDateWhatAForecastMadeThenSays() throws Exception {
		Child prepared = newborn();
		Child twin = newborn();
		awaitPrepared(prepared.patient());
		awaitPrepared(twin.patient());
		// the twin's book has no prepared documents: its forecasts are made for each date asked
		jdbc.update("delete from book_document where book = ?", "Patient/" + twin.patient().getIdPart());
		Thread.sleep(1_100); // a forecast's date is to the second: made ones are later than the prepared one

		LocalDate today = today();
		for (LocalDate date : List.of(today, today.plusWeeks(7), today.plusMonths(2), today.plusMonths(3),
				today.plusMonths(5).plusDays(20), today.plusMonths(7), today.plusYears(2))) {
			ImmunizationRecommendation fromPrepared = forecast(prepared, date);
			ImmunizationRecommendation made = forecast(twin, date);
			assertThat(fromPrepared.getDate().toInstant()).as("prepared before, on %s", date).isBefore(made.getDate().toInstant());
			assertThat(advice(fromPrepared)).as("on %s", date).isEqualTo(advice(made));
		}
		// and the dates do move the statuses: a week-old girl's first DPT dose is not yet due, months later overdue
		assertThat(advice(forecast(prepared, today)).get("penta")).startsWith("not-yet-due");
		assertThat(advice(forecast(prepared, today.plusMonths(7))).get("penta")).startsWith("overdue");
		assertThat(advice(forecast(prepared, today.plusMonths(7))).get("rota")).startsWith("aged-out");
	}

	@Test
	void theStationsListReadsThePreparedForecastsRedatedToTheEndOfTheMonth() throws Exception {
		Child child = newborn();
		awaitPrepared(child.patient());
		Instant asked = askedAfterASecond();
		// three months on, her 2-month doses are due or overdue at the end of that month
		java.time.YearMonth month = java.time.YearMonth.from(today().plusMonths(3));
		HttpResponse<String> response = sendAs(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA),
				HttpRequest.newBuilder(uri("/fhir/Patient/$immds-due?month=" + month)).header("Accept", "application/fhir+json").GET());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		ImmunizationRecommendation listed = parse(Bundle.class, response.body()).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof ImmunizationRecommendation ir
						&& ir.getPatient().getReference().equals("Patient/" + child.patient().getIdPart()))
				.map(ImmunizationRecommendation.class::cast).findFirst().orElseThrow();
		assertThat(listed.getDate().toInstant()).as("prepared before the list was asked for").isBefore(asked);
		// the same as her mother's forecast for that day, reduced to what is due or overdue
		Map<String, String> forThatDay = advice(forecast(child, month.atEndOfMonth()));
		forThatDay.values().removeIf(advice -> !advice.startsWith("due") && !advice.startsWith("overdue"));
		assertThat(advice(listed)).containsKey("penta").isEqualTo(forThatDay);
	}

	@Test
	void aWriteHidesThePreparedDocumentsOfItsBookAtOnce() throws Exception {
		Child child = newborn();
		awaitPrepared(child.patient());
		// the station records a dose; the mother opens the forecast right after, never having opened it before
		Immunization dose = Vaccinations.dose("Patient/" + child.patient().getIdPart(), "opv", LocalDate.now(), 1);
		String stored = fhir.create().resource(dose).execute().getId().toUnqualifiedVersionless().getIdPart();

		HttpResponse<String> forecast = open(child.mother(), child.patient(), "$immds-forecast");
		// given at a week old, too early to count: named among the doses not counted
		assertThat(forecast.body()).contains("Immunization/" + stored);
		Bundle summary = parse(Bundle.class, open(child.mother(), child.patient(), "$summary").body());
		assertThat(summary.getEntry()).anySatisfy(entry -> assertThat(entry.getFullUrl()).endsWith("Immunization/" + stored));

		// and the book is prepared again, with the dose
		awaitPrepared(child.patient());
		assertThat(jdbc.queryForObject("select body from book_document where book = ? and variant = 'forecast'",
				String.class, "Patient/" + child.patient().getIdPart())).contains("Immunization/" + stored);
	}
}
