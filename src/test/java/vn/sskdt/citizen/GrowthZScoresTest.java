package vn.sskdt.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.sskdt.support.Families;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.Measurements;
import vn.sskdt.support.Measurements.Kind;
import vn.sskdt.support.TestTokens;

/**
 * WHO z-scores stored beside each height, weight and BMI of a child or adolescent. Every case is a
 * person submitted with one measurement on 2026-06-01 in one transaction, then read back over HTTP by
 * their mother (minors) or themselves (adults) with a citizen token.
 *
 * <p>Expected values were worked out independently of the server's code, from WHO's LMS tables
 * ({@code shared/data/who-growth-*}) and WHO's formulas: z = ((y/M)^L − 1)/(L·S); for weight and BMI
 * beyond ±3, z = ±3 + (y − SD3)/(SD3 − SD2) with SDk = M(1 + L·S·k)^(1/L); from 1827 days the 2007
 * tables at months = days/30.4375 with L, M, S interpolated between whole months. The L, M, S used are
 * given with each case. Cross-check with WHO's published SD tables: a newborn boy's −2 SD length is
 * 46.1 cm and his −3 SD weight 2.1 kg (cases 1 and 11).
 */
class GrowthZScoresTest extends FhirServerTest {

	static final LocalDate MEASURED = LocalDate.parse("2026-06-01");
	static final String CODES = "https://sskdt.vn/fhir/CodeSystem/vn-observation-code";

	record Case(String name, Kind kind, boolean male, int ageDays, double value, String expected) {
		@Override
		public String toString() {
			return name;
		}
	}

	static Stream<Case> cases() {
		return Stream.of(
				// length/height-for-age (no tail restriction)
				new Case("1 boy newborn 46.1 cm (WHO -2SD): day 0 L=1 M=49.8842 S=0.03795", Kind.HEIGHT, true, 0, 46.1, "-2.00"),
				new Case("2 girl newborn 49.1 cm: day 0 L=1 M=49.1477 S=0.0379", Kind.HEIGHT, false, 0, 49.1, "-0.03"),
				new Case("3 boy 1 year 72 cm: day 365 L=1 M=75.7391 S=0.03137", Kind.HEIGHT, true, 365, 72.0, "-1.57"),
				new Case("4 girl 730 days 80 cm (length table): L=1 M=86.4008 S=0.03733", Kind.HEIGHT, false, 730, 80.0, "-1.98"),
				new Case("5 boy 731 days 84 cm (height table): L=1 M=87.1303 S=0.03508", Kind.HEIGHT, true, 731, 84.0, "-1.02"),
				new Case("6 girl 1826 days 100 cm (last day of WHO 2006): L=1 M=109.4189 S=0.04346", Kind.HEIGHT, false, 1826, 100.0, "-1.98"),
				new Case("7 boy 7 years 115 cm: month 84.0082 L=1 M=121.7377 S=0.04342", Kind.HEIGHT, true, 2557, 115.0, "-1.27"),
				new Case("8 girl 12 years 140 cm: month 144.0000 L=1 M=151.2327 S=0.04523", Kind.HEIGHT, false, 4383, 140.0, "-1.64"),
				new Case("9 boy 18 years 165 cm: month 216.0164 L=1 M=176.1457 S=0.04241", Kind.HEIGHT, true, 6575, 165.0, "-1.49"),
				new Case("10 girl 18 years 10 months 158 cm: month 226.6940 L=1 M=163.1526 S=0.04013", Kind.HEIGHT, false, 6900, 158.0, "-0.79"),
				// weight-for-age, tails restricted beyond ±3
				new Case("11 boy newborn 2.1 kg (WHO -3SD): day 0 L=0.3487 M=3.3464 S=0.14602", Kind.WEIGHT, true, 0, 2.1, "-2.95"),
				new Case("12 boy newborn 5.2 kg, above +3 (restricted): day 0 L=0.3487 M=3.3464 S=0.14602", Kind.WEIGHT, true, 0, 5.2, "3.28"),
				new Case("13 boy newborn 1.8 kg, below -3 (restricted): day 0 L=0.3487 M=3.3464 S=0.14602", Kind.WEIGHT, true, 0, 1.8, "-3.74"),
				new Case("14 girl 6 months 7.3 kg: day 182 L=-0.0749 M=7.2894 S=0.12205", Kind.WEIGHT, false, 182, 7.3, "0.01"),
				new Case("15 girl 1 year 6 kg, below -3 (restricted): day 365 L=-0.2022 M=8.9462 S=0.12267", Kind.WEIGHT, false, 365, 6.0, "-3.36"),
				new Case("16 boy 3 years 20 kg: day 1096 L=-0.0689 M=14.3443 S=0.12116", Kind.WEIGHT, true, 1096, 20.0, "2.71"),
				new Case("17 girl 8 years 25 kg: month 96.0000 L=-0.5627 M=25.0262 S=0.16186", Kind.WEIGHT, false, 2922, 25.0, "-0.01"),
				new Case("18 boy 9.5 years 45 kg: month 114.0041 L=-0.66241 M=29.5746 S=0.1576", Kind.WEIGHT, true, 3470, 45.0, "2.33"),
				// BMI-for-age, tails restricted beyond ±3
				new Case("19 boy 2 months BMI 16: day 61 L=0.1113 M=16.3231 S=0.08676", Kind.BMI, true, 61, 16.0, "-0.23"),
				new Case("20 girl 4 years BMI 12: day 1461 L=-0.5684 M=15.2602 S=0.09168", Kind.BMI, false, 1461, 12.0, "-2.81"),
				new Case("21 girl 4 years BMI 11, below -3 (restricted): day 1461 L=-0.5684 M=15.2602 S=0.09168", Kind.BMI, false, 1461, 11.0, "-3.82"),
				new Case("22 boy 10 years BMI 30, above +3 (restricted): month 120.0164 L=-1.7408 M=16.4439 S=0.10567", Kind.BMI, true, 3653, 30.0, "3.84"),
				new Case("23 girl 15 years BMI 21: month 180.0082 L=-1.13104 M=20.2129 S=0.13904", Kind.BMI, false, 5479, 21.0, "0.27"),
				new Case("24 boy 17 years BMI 18.5: month 204.0246 L=-1.19586 M=21.1435 S=0.12715", Kind.BMI, true, 6210, 18.5, "-1.14"));
	}

	private static HealthBooks.Person mother;

	@BeforeEach
	void mother() {
		if (mother == null) {
			mother = new HealthBooks(fhir).parent;
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void zScoreFollowsWho(Case c) throws Exception {
		Families.Stored person = store(c.kind(), c.male(), c.ageDays(), c.value());
		boolean minor = MEASURED.minusDays(c.ageDays()).plusYears(18).isAfter(LocalDate.now());
		String reader = minor ? mother.cccd() : person.cccd(); // a parent opens only minors' books

		Observation z = onlyZScore(TestTokens.citizen(reader), person.observations().get(0));

		assertThat(z.getValueQuantity().getValue().toPlainString()).isEqualTo(c.expected());
		assertThat(z.getValueQuantity().getCode()).isEqualTo("{Z-score}");
		assertThat(z.getCode().getCodingFirstRep().getSystem()).isEqualTo(CODES);
		assertThat(z.getCode().getCodingFirstRep().getCode()).isEqualTo(switch (c.kind()) {
			case HEIGHT -> "height-for-age-z";
			case WEIGHT -> "weight-for-age-z";
			case BMI -> "bmi-for-age-z";
		});
		assertThat(z.getSubject().getReference()).isEqualTo(person.patient().getValue());
		assertThat(z.getEffectiveDateTimeType().getValueAsString()).isEqualTo(MEASURED.toString());
	}

	@Test
	void aStationCheckupOfAChildGetsItsZScoreInTheSameTransaction() throws Exception {
		// the station registers the child and measures it in one submission, with its own token
		var station = clientAs(TestTokens.staff(HealthBooks.STATION_THUAN_HOA, HealthBooks.THUAN_HOA));
		Families.Stored child = Families.child(station, mother.cccd(), MEASURED.minusDays(365), true, HealthBooks.THUAN_HOA,
				List.of(), List.of(Measurements.of(Kind.HEIGHT, "placeholder", MEASURED, 72.0)));

		Observation z = onlyZScore(TestTokens.citizen(mother.cccd()), child.observations().get(0));

		assertThat(z.getValueQuantity().getValue().toPlainString()).isEqualTo("-1.57"); // case 3
	}

	@Test
	void noZScoreWhereWhoHasNoReference() throws Exception {
		// weight-for-age stops at 10 years; nothing at all for adults
		Families.Stored eleven = store(Kind.WEIGHT, true, 4018, 40.0);
		Families.Stored adult = store(Kind.HEIGHT, false, 40 * 365, 158.0);
		assertThat(zScores(TestTokens.admin(), eleven.observations().get(0)).getEntry()).isEmpty();
		assertThat(zScores(TestTokens.admin(), adult.observations().get(0)).getEntry()).isEmpty();
	}

	@Test
	void resubmittingTheCheckupChangesNothingAndACorrectionFollows() throws Exception {
		Families.Stored child = store(Kind.HEIGHT, true, 365, 72.0);
		IdType height = child.observations().get(0);
		Observation first = onlyZScore(TestTokens.admin(), height);

		// the station corrects the value: the z-score follows, still one
		Observation measured = fhir.read().resource(Observation.class).withId(height).execute();
		measured.getValueQuantity().setValue(75.7391);
		fhir.update().resource(measured).execute();
		Observation corrected = onlyZScore(TestTokens.admin(), height);
		assertThat(corrected.getIdElement().getIdPart()).isEqualTo(first.getIdElement().getIdPart());
		assertThat(corrected.getValueQuantity().getValue().toPlainString()).isEqualTo("0.00");

		// the same update again is a no-op: no new version of the z-score
		fhir.update().resource(fhir.read().resource(Observation.class).withId(height).execute()).execute();
		assertThat(onlyZScore(TestTokens.admin(), height).getMeta().getVersionId()).isEqualTo(corrected.getMeta().getVersionId());

		// entered-in-error: the z-score is withdrawn with it
		measured = fhir.read().resource(Observation.class).withId(height).execute();
		measured.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
		fhir.update().resource(measured).execute();
		assertThat(onlyZScore(TestTokens.admin(), height).getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR);
	}

	@Test
	void theZScoreConformsToItsProfileAndIsSearchable() throws Exception {
		Families.Stored stunted = store(Kind.HEIGHT, false, 730, 80.0); // -1.98
		Families.Stored severe = store(Kind.HEIGHT, true, 365, 66.0);
		Observation z = onlyZScore(TestTokens.admin(), severe.observations().get(0));
		assertThat(z.getMeta().getProfile().get(0).getValue()).endsWith("/StructureDefinition/vn-growth-z-score");

		Parameters validate = new Parameters();
		validate.addParameter().setName("resource").setResource(z);
		HttpResponse<String> outcome = postJson("/fhir/Observation/$validate", json(validate));
		assertThat(outcome.statusCode()).as(outcome.body()).isEqualTo(200);
		assertThat(parse(OperationOutcome.class, outcome.body()).getIssue())
				.as(outcome.body())
				.noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL);

		// stunting (height-for-age below -2) is an ordinary search
		String query = "/fhir/Observation?code=" + URLEncoder.encode(CODES + "|height-for-age-z", StandardCharsets.UTF_8)
				+ "&value-quantity=lt-2&subject=" + severe.patient().getValue() + "," + stunted.patient().getValue();
		Bundle found = parse(Bundle.class, send(HttpRequest.newBuilder(uri(query)).GET()).body());
		assertThat(found.getEntry()).extracting(e -> ((Observation) e.getResource()).getSubject().getReference())
				.containsExactly(severe.patient().getValue());
	}

	private Families.Stored store(Kind kind, boolean male, int ageDays, double value) {
		LocalDate born = MEASURED.minusDays(ageDays);
		return Families.child(fhir, mother.cccd(), born, male, HealthBooks.THUAN_HOA, List.of(),
				List.of(Measurements.of(kind, "placeholder", MEASURED, value)));
	}

	private Observation onlyZScore(String token, IdType measurement) throws Exception {
		Bundle found = zScores(token, measurement);
		assertThat(found.getEntry()).as("z-scores derived from " + measurement.getValue()).hasSize(1);
		return (Observation) found.getEntryFirstRep().getResource();
	}

	private Bundle zScores(String token, IdType measurement) throws Exception {
		HttpResponse<String> response = sendAs(token, HttpRequest.newBuilder(
				uri("/fhir/Observation?derived-from=" + measurement.getValue())).header("Accept", "application/fhir+json").GET());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(Bundle.class, response.body());
	}
}
