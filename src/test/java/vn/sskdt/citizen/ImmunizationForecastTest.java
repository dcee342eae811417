package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sskdt.support.Families.Dose.given;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.ImmunizationRecommendation.ImmunizationRecommendationRecommendationComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.sskdt.support.Families;
import vn.sskdt.support.Families.Dose;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Residents;
import vn.sskdt.support.TestTokens;

/**
 * {@code Patient/{id}/$immds-forecast} against the national schedule (domain.md §4, the PlanDefinition
 * {@code vn-epi-schedule} 2026.1), each case a child stored with its vaccinations and opened by its
 * mother with her citizen token over HTTP. Expected dates are worked out by hand from the schedule's
 * rules; the boy of most cases is born on 2025-01-15, so 6 weeks = 2025-02-26, 14 weeks = 2025-04-23,
 * 2/3/4/5 months = 03-15/04-15/05-15/06-15, 6 months = 07-15 (rotavirus: last day 07-14), 9 months =
 * 10-15, 12 months = 2026-01-15, 18 months = 2026-07-15, 24 months = 2027-01-15.
 */
class ImmunizationForecastTest extends FhirServerTest {

	static final String BORN = "2025-01-15";

	/** Expected recommendation for one vaccine; null fields are not checked. */
	record Expect(String vaccine, String status, Integer dose, String due, String earliest, String latest, String overdue) {
		Expect withDates(String dueDate, String earliestDate) {
			return new Expect(vaccine, status, dose, dueDate, earliestDate, latest, overdue);
		}

		Expect latest(String date) {
			return new Expect(vaccine, status, dose, due, earliest, date, overdue);
		}

		Expect overdueFrom(String date) {
			return new Expect(vaccine, status, dose, due, earliest, latest, date);
		}
	}

	record Case(String name, String born, List<Dose> doses, String assessment, List<Expect> expected) {
		@Override
		public String toString() {
			return name;
		}
	}

	static Expect expect(String vaccine, String status, Integer dose) {
		return new Expect(vaccine, status, dose, null, null, null, null);
	}

	static Expect complete(String vaccine) {
		return expect(vaccine, "complete", null);
	}

	static Case of(String name, String assessment, List<Dose> doses, Expect... expected) {
		return new Case(name, BORN, doses, assessment, List.of(expected));
	}

	static Stream<Case> cases() {
		List<Case> c = new ArrayList<>();
		// newborn and the birth doses
		c.add(of("newborn on the day of birth: birth doses due, the rest not yet", "2025-01-15", List.of(),
				expect("hepb-birth", "due", 1).withDates("2025-01-15", "2025-01-15").latest("2025-01-21"),
				expect("bcg", "due", 1).withDates("2025-01-15", "2025-01-15"),
				expect("penta", "not-yet-due", 1).withDates("2025-03-15", "2025-02-26"),
				expect("rota", "not-yet-due", 1).withDates("2025-03-15", "2025-02-26").latest("2025-07-14"),
				expect("measles", "not-yet-due", 1).withDates("2025-10-15", "2025-10-15")));
		c.add(of("hepatitis B birth dose overdue the day after birth", "2025-01-16", List.of(),
				expect("hepb-birth", "overdue", 1).overdueFrom("2025-01-16")));
		c.add(of("hepatitis B birth dose aged out after 7 days", "2025-01-22", List.of(),
				expect("hepb-birth", "aged-out", 1)));
		c.add(of("hepatitis B birth dose on day 6 still counts", "2025-02-01", List.of(given("hepb-birth", "2025-01-21")),
				complete("hepb-birth")));
		c.add(of("hepatitis B birth dose on day 8 does not count", "2025-02-01", List.of(given("hepb-birth", "2025-01-23")),
				expect("hepb-birth", "aged-out", 1)));
		c.add(of("BCG due within the first month", "2025-02-14", List.of(),
				expect("bcg", "due", 1).overdueFrom("2025-02-15")));
		c.add(of("BCG overdue after the first month", "2025-02-15", List.of(), expect("bcg", "overdue", 1)));
		c.add(of("BCG given counts", "2025-02-01", List.of(given("bcg", "2025-01-20")), complete("bcg")));
		// DPT-VGB-Hib: 2, 3, 4 months, at least a month apart, not before 6 weeks
		c.add(of("penta-1 not yet due the day before 2 months", "2025-03-14", List.of(),
				expect("penta", "not-yet-due", 1).withDates("2025-03-15", "2025-02-26")));
		c.add(of("penta-1 due at 2 months", "2025-03-15", List.of(),
				expect("penta", "due", 1).withDates("2025-03-15", "2025-02-26").overdueFrom("2025-04-15")));
		c.add(of("penta-1, OPV-1 and rota-1 overdue a month after 2 months", "2025-04-15", List.of(),
				expect("penta", "overdue", 1), expect("opv", "overdue", 1), expect("rota", "overdue", 1)));
		c.add(of("penta-1 at 5 weeks is too early and does not count", "2025-03-01", List.of(given("penta", "2025-02-19")),
				expect("penta", "not-yet-due", 1).withDates("2025-03-15", "2025-02-26")));
		c.add(of("penta-1 at exactly 6 weeks counts", "2025-03-01", List.of(given("penta", "2025-02-26")),
				expect("penta", "not-yet-due", 2).withDates("2025-04-15", "2025-03-26")));
		c.add(of("penta-2 26 days after penta-1 does not count", "2025-04-20",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-10")),
				expect("penta", "due", 2).withDates("2025-04-15", "2025-04-15")));
		c.add(of("penta-2 one month after penta-1 counts", "2025-04-20",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-15")),
				expect("penta", "not-yet-due", 3).withDates("2025-05-15", "2025-05-15")));
		c.add(of("a late penta-1 moves penta-2 a month after it", "2025-06-01", List.of(given("penta", "2025-05-20")),
				expect("penta", "not-yet-due", 2).withDates("2025-06-20", "2025-06-20")));
		c.add(of("penta complete after three valid doses", "2025-06-01",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-15"), given("penta", "2025-05-15")),
				complete("penta")));
		c.add(of("a fourth penta dose is extra and the series stays complete", "2025-07-01",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-15"), given("penta", "2025-05-15"),
						given("penta", "2025-06-20")),
				complete("penta")));
		c.add(of("OPV counts on its own, independent of penta", "2025-05-15",
				List.of(given("opv", "2025-03-15"), given("opv", "2025-04-15")),
				expect("opv", "due", 3).withDates("2025-05-15", "2025-05-15"), expect("penta", "overdue", 1)));
		// IPV: 5 months (not before 14 weeks), 2nd at 9 months
		c.add(of("IPV-1 due at 5 months", "2025-06-15", List.of(),
				expect("ipv", "due", 1).withDates("2025-06-15", "2025-04-23")));
		c.add(of("IPV-1 at 13 weeks is too early", "2025-05-01", List.of(given("ipv", "2025-04-16")),
				expect("ipv", "not-yet-due", 1).withDates("2025-06-15", "2025-04-23")));
		c.add(of("IPV-2 due at 9 months", "2025-10-15", List.of(given("ipv", "2025-06-15")),
				expect("ipv", "due", 2).withDates("2025-10-15", "2025-07-15")));
		// measles 9 months, MR 18 months and at least a month after measles
		c.add(of("measles due at 9 months", "2025-10-15", List.of(),
				expect("measles", "due", 1).withDates("2025-10-15", "2025-10-15")));
		c.add(of("measles at 8 months does not count", "2025-10-01", List.of(given("measles", "2025-09-15")),
				expect("measles", "not-yet-due", 1).withDates("2025-10-15", "2025-10-15")));
		c.add(of("MR due at 18 months", "2026-07-15", List.of(given("measles", "2025-10-15")),
				complete("measles"), expect("mr", "due", 1).withDates("2026-07-15", "2026-07-15")));
		c.add(of("MR at least a month after a late measles dose", "2026-07-20", List.of(given("measles", "2026-07-01")),
				expect("mr", "not-yet-due", 1).withDates("2026-08-01", "2026-08-01")));
		// DPT booster: 18 months, at least 6 months after penta-3
		c.add(of("DPT booster due at 18 months", "2026-07-15",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-15"), given("penta", "2025-05-15")),
				expect("dpt-booster", "due", 1).withDates("2026-07-15", "2026-07-15")));
		c.add(of("DPT booster six months after a late penta-3", "2026-08-01",
				List.of(given("penta", "2025-03-15"), given("penta", "2025-04-15"), given("penta", "2026-03-01")),
				expect("dpt-booster", "not-yet-due", 1).withDates("2026-09-01", "2026-09-01")));
		// Japanese encephalitis: 12 months, 1–2 weeks later, one year later
		c.add(of("JE-1 due at 12 months", "2026-01-15", List.of(),
				expect("je", "due", 1).withDates("2026-01-15", "2026-01-15")));
		c.add(of("JE-2 a week after JE-1", "2026-01-20", List.of(given("je", "2026-01-15")),
				expect("je", "not-yet-due", 2).withDates("2026-01-22", "2026-01-22").overdueFrom("2026-02-05")));
		c.add(of("JE-2 five days after JE-1 does not count", "2026-01-25",
				List.of(given("je", "2026-01-15"), given("je", "2026-01-20")),
				expect("je", "due", 2).withDates("2026-01-22", "2026-01-22")));
		c.add(of("JE-3 one year after JE-2", "2026-11-01", List.of(given("je", "2026-01-15"), given("je", "2026-01-22")),
				expect("je", "not-yet-due", 3).withDates("2027-01-22", "2027-01-22")));
		// rotavirus: from 6 weeks, due at 2 months, both doses before 6 months
		c.add(of("rotavirus due at 2 months, last day before 6 months", "2025-03-15", List.of(),
				expect("rota", "due", 1).withDates("2025-03-15", "2025-02-26").latest("2025-07-14")));
		c.add(of("rotavirus aged out at 6 months without a dose", "2025-07-15", List.of(), expect("rota", "aged-out", 1)));
		c.add(of("rota-1 at 5½ months leaves no time for rota-2", "2025-07-05", List.of(given("rota", "2025-07-01")),
				expect("rota", "aged-out", 2).withDates("2025-08-01", "2025-08-01")));
		c.add(of("rota-1 after 6 months does not count", "2025-08-01", List.of(given("rota", "2025-07-20")),
				expect("rota", "aged-out", 1)));
		c.add(of("rotavirus complete", "2025-05-01", List.of(given("rota", "2025-03-15"), given("rota", "2025-04-15")),
				complete("rota")));
		// records that are not doses
		c.add(of("an entered-in-error dose is ignored", "2025-04-01",
				List.of(given("penta", "2025-03-15").withStatus(ImmunizationStatus.ENTEREDINERROR)),
				expect("penta", "due", 1)));
		c.add(of("a not-done dose is ignored", "2025-04-01",
				List.of(given("penta", "2025-03-15").withStatus(ImmunizationStatus.NOTDONE)),
				expect("penta", "due", 1)));
		c.add(of("a dose after the assessment date is not counted yet", "2025-03-10", List.of(given("penta", "2025-03-15")),
				expect("penta", "not-yet-due", 1)));
		// whole children, born 2024-01-10
		c.add(new Case("a completed child", "2024-01-10", List.of(
				given("hepb-birth", "2024-01-10"), given("bcg", "2024-01-20"),
				given("penta", "2024-03-10"), given("penta", "2024-04-10"), given("penta", "2024-05-10"),
				given("opv", "2024-03-10"), given("opv", "2024-04-10"), given("opv", "2024-05-10"),
				given("rota", "2024-03-10"), given("rota", "2024-04-10"),
				given("ipv", "2024-06-10"), given("ipv", "2024-10-10"), given("measles", "2024-10-10"),
				given("je", "2025-01-10"), given("je", "2025-01-17"), given("je", "2026-01-17"),
				given("mr", "2025-07-10"), given("dpt-booster", "2025-07-10")), "2026-11-01",
				Stream.of("hepb-birth", "bcg", "penta", "opv", "ipv", "measles", "mr", "dpt-booster", "je", "rota")
						.map(ImmunizationForecastTest::complete).toList()));
		c.add(new Case("a child who missed the 3-month visit", "2024-01-10", List.of(
				given("hepb-birth", "2024-01-10"), given("bcg", "2024-01-20"),
				given("penta", "2024-03-10"), given("opv", "2024-03-10"), given("rota", "2024-03-10")), "2024-06-01",
				List.of(complete("hepb-birth"), complete("bcg"),
						expect("penta", "overdue", 2).withDates("2024-04-10", "2024-04-10").overdueFrom("2024-05-10"),
						expect("opv", "overdue", 2), expect("rota", "overdue", 2).latest("2024-07-09"),
						expect("ipv", "not-yet-due", 1).withDates("2024-06-10", "2024-04-17"))));
		return c.stream();
	}

	private static HealthBooks.Person mother;

	@BeforeEach
	void mother() {
		if (mother == null) {
			mother = new HealthBooks(fhir).parent; // a Vỹ Dạ resident; her children below live in Thuận Hóa
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void forecastFollowsTheSchedule(Case c) throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(c.born()), HealthBooks.THUAN_HOA, c.doses());

		HttpResponse<String> response = forecast(TestTokens.citizen(mother.cccd()), child, "?assessmentDate=" + c.assessment());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		ImmunizationRecommendation forecast = parse(ImmunizationRecommendation.class, response.body());
		assertThat(forecast.getPatient().getReference()).isEqualTo(child.getValue());
		assertThat(forecast.getExtensionByUrl(ImmunizationForecastOperation.INSTANTIATES).getValue().primitiveValue())
				.isEqualTo("https://sskdt.vn/fhir/PlanDefinition/vn-epi-schedule|2026.1");
		for (Expect e : c.expected()) {
			ImmunizationRecommendationRecommendationComponent r = recommendation(forecast, e.vaccine());
			assertThat(r.getForecastStatus().getCodingFirstRep().getCode()).as(e.vaccine() + " status").isEqualTo(e.status());
			if (e.dose() != null) {
				assertThat(r.getDoseNumberPositiveIntType().getValue()).as(e.vaccine() + " next dose").isEqualTo(e.dose());
			} else {
				assertThat(r.hasDoseNumber()).as(e.vaccine() + " has no next dose").isFalse();
			}
			assertDate(r, ImmunizationForecastOperation.DUE, e.due(), e.vaccine() + " due");
			assertDate(r, ImmunizationForecastOperation.EARLIEST, e.earliest(), e.vaccine() + " earliest");
			assertDate(r, ImmunizationForecastOperation.LATEST, e.latest(), e.vaccine() + " latest");
			assertDate(r, ImmunizationForecastOperation.OVERDUE, e.overdue(), e.vaccine() + " overdue from");
		}
		// every counted dose is named; the schedule's ten childhood series are all there
		assertThat(forecast.getRecommendation()).hasSize(10);
	}

	@Test
	void countedDosesAreNamedAndOthersExplained() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(BORN), HealthBooks.THUAN_HOA,
				List.of(given("penta", "2025-02-19"), given("penta", "2025-03-15")));
		ImmunizationRecommendation forecast = parse(ImmunizationRecommendation.class,
				forecast(TestTokens.citizen(mother.cccd()), child, "?assessmentDate=2025-03-20").body());
		ImmunizationRecommendationRecommendationComponent penta = recommendation(forecast, "penta");
		assertThat(penta.getSupportingImmunization()).hasSize(1);
		assertThat(penta.getForecastReasonFirstRep().getText()).contains("2025-02-19");
		assertThat(penta.getDoseNumberPositiveIntType().getValue()).isEqualTo(2);
	}

	@Test
	void withoutAssessmentDateTheForecastIsForToday() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse("2024-01-10"), HealthBooks.THUAN_HOA, List.of());
		HttpResponse<String> response = forecast(TestTokens.citizen(mother.cccd()), child, "");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// born 2024-01-10 and never vaccinated: past every series' overdue date or maximum age today
		ImmunizationRecommendation forecast = parse(ImmunizationRecommendation.class, response.body());
		assertThat(recommendation(forecast, "rota").getForecastStatus().getCodingFirstRep().getCode()).isEqualTo("aged-out");
		assertThat(recommendation(forecast, "penta").getForecastStatus().getCodingFirstRep().getCode()).isEqualTo("overdue");
	}

	@Test
	void aCitizenCannotOpenAStrangersForecast() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(BORN), HealthBooks.THUAN_HOA, List.of());
		String stranger = Residents.newPersonalId();
		fhir.create().resource(Residents.livingIn(stranger, HealthBooks.VY_DA)).execute();

		HttpResponse<String> response = forecast(TestTokens.citizen(stranger), child, "");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("OperationOutcome").doesNotContain("ImmunizationRecommendation\"");
	}

	@Test
	void anAssessmentDateBeforeBirthIsRefused() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(BORN), HealthBooks.THUAN_HOA, List.of());
		HttpResponse<String> response = forecast(TestTokens.citizen(mother.cccd()), child, "?assessmentDate=2024-12-31");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics()).contains("assessmentDate");
	}

	@Test
	void aMalformedAssessmentDateIsRefused() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(BORN), HealthBooks.THUAN_HOA, List.of());
		for (String bad : List.of("2025-13-40", "2025-03", "tomorrow")) {
			HttpResponse<String> response = forecast(TestTokens.citizen(mother.cccd()), child, "?assessmentDate=" + bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(response.body()).as(bad).contains("OperationOutcome");
		}
	}

	@Test
	void aStationOpeningTheForecastIsInTheChildsAuditTrail() throws Exception {
		IdType child = Families.child(fhir, mother.cccd(), LocalDate.parse(BORN), HealthBooks.THUAN_HOA, List.of());
		String station = TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA);
		assertThat(forecast(station, child, "").statusCode()).isEqualTo(200);

		// the mother lists who looked at her child's book (events are written in the background)
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5)).pollInterval(java.time.Duration.ofMillis(300))
				.until(() -> parse(org.hl7.fhir.r4.model.Bundle.class, sendAs(TestTokens.citizen(mother.cccd()),
						HttpRequest.newBuilder(uri("/fhir/AuditEvent?patient=" + child.getIdPart())).GET()).body())
						.getEntry().stream()
						.map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
						.anyMatch(e -> e.getAgent().stream().anyMatch(a -> a.getRequestor()
								&& a.getWho().getDisplay() != null && a.getWho().getDisplay().contains("station-staff"))));
	}

	@Test
	void aBirthYearAloneIsNotEnoughForAForecast() throws Exception {
		org.hl7.fhir.r4.model.Patient child = Residents.livingIn(Residents.newPersonalId(LocalDate.parse(BORN), true), HealthBooks.THUAN_HOA);
		child.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2025"));
		child.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		IdType id = (IdType) fhir.create().resource(child).execute().getId().toUnqualifiedVersionless();

		HttpResponse<String> response = forecast(TestTokens.admin(), id, "");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(parse(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics()).contains("full birth date");
	}

	@Test
	void anUnknownPatientIs404() throws Exception {
		HttpResponse<String> response = forecast(TestTokens.admin(), new IdType("Patient", "no-such-person"), "");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("OperationOutcome");
	}

	private HttpResponse<String> forecast(String token, IdType patient, String query) throws Exception {
		return sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/" + patient.getIdPart() + "/$immds-forecast" + query))
				.header("Accept", "application/fhir+json").GET());
	}

	private static ImmunizationRecommendationRecommendationComponent recommendation(ImmunizationRecommendation forecast, String vaccine) {
		return forecast.getRecommendation().stream()
				.filter(r -> r.getVaccineCodeFirstRep().getCodingFirstRep().getCode().equals(vaccine))
				.findFirst().orElseThrow(() -> new AssertionError("no recommendation for " + vaccine));
	}

	private static void assertDate(ImmunizationRecommendationRecommendationComponent r, String loinc, String expected, String what) {
		if (expected == null) {
			return;
		}
		String actual = r.getDateCriterion().stream()
				.filter(d -> d.getCode().getCodingFirstRep().getCode().equals(loinc))
				.map(d -> d.getValueElement().getValueAsString())
				.findFirst().orElse(null);
		assertThat(actual).as(what).isEqualTo(expected);
	}
}
