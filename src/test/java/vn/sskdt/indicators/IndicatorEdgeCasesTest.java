package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sskdt.support.HealthRecords.checkup;
import static vn.sskdt.support.HealthRecords.dose;
import static vn.sskdt.support.HealthRecords.insurance;
import static vn.sskdt.support.Indicators.counts;
import static vn.sskdt.support.Indicators.evaluate;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.Indicators;
import vn.sskdt.support.Residents;


/**
 * The named edge cases of the indicator definitions, each written through the FHIR API and read back
 * through {@code $evaluate-measure}. Each test works in a commune of Huế no other test uses and
 * compares counts before and after its own writes, so tests stay independent in the shared database.
 */
class IndicatorEdgeCasesTest extends FhirServerTest {

	// communes of Huế that only this class writes to
	static final String KHE_TRE = "20161";
	static final String NAM_DONG = "20179";
	static final String LONG_QUANG = "20182";
	static final String VINH_LOC = "20122";

	@Test
	void aFirstBirthdayOnTheLastOrFirstDayOfTheYearFallsInThatYear() {
		List<Long> before2025 = counts(evaluate(fhir, "fully-immunized-1y", KHE_TRE, 2025));
		List<Long> before2026 = counts(evaluate(fhir, "fully-immunized-1y", KHE_TRE, 2026));
		child("2024-12-31", KHE_TRE); // turns 1 on 2025-12-31
		child("2024-01-01", KHE_TRE); // turns 1 on 2025-01-01
		child("2023-12-31", KHE_TRE); // turned 1 on 2024-12-31: not this cohort
		assertThat(counts(evaluate(fhir, "fully-immunized-1y", KHE_TRE, 2025)))
				.containsExactly(before2025.get(0), before2025.get(1) + 2);
		assertThat(counts(evaluate(fhir, "fully-immunized-1y", KHE_TRE, 2026))).isEqualTo(before2026);
	}

	@Test
	void aDoseGivenOneDayAfterTheFirstBirthdayDoesNotCount() {
		List<Long> before = counts(evaluate(fhir, "fully-immunized-1y", NAM_DONG, 2025));
		List<Long> measlesBefore = counts(evaluate(fhir, "antigen-measles1", NAM_DONG, 2025));
		IdType onTime = child("2024-03-10", NAM_DONG);
		fullSchedule(onTime, "2024", "2025-03-09"); // the day before the birthday
		IdType late = child("2024-03-10", NAM_DONG);
		fullSchedule(late, "2024", "2025-03-11"); // the day after
		assertThat(counts(evaluate(fhir, "fully-immunized-1y", NAM_DONG, 2025)))
				.containsExactly(before.get(0) + 1, before.get(1) + 2);
		assertThat(counts(evaluate(fhir, "antigen-measles1", NAM_DONG, 2025)))
				.containsExactly(measlesBefore.get(0) + 1, measlesBefore.get(1) + 2);
	}

	@Test
	void aDoseMarkedEnteredInErrorStopsCounting() {
		List<Long> before = counts(evaluate(fhir, "fully-immunized-1y", LONG_QUANG, 2025));
		IdType child = child("2024-05-20", LONG_QUANG);
		IdType measles = fullSchedule(child, "2024", "2025-02-20");
		assertThat(counts(evaluate(fhir, "fully-immunized-1y", LONG_QUANG, 2025)))
				.containsExactly(before.get(0) + 1, before.get(1) + 1);
		Immunization wrong = fhir.read().resource(Immunization.class).withId(measles).execute();
		wrong.setStatus(Immunization.ImmunizationStatus.ENTEREDINERROR);
		fhir.update().resource(wrong).execute();
		assertThat(counts(evaluate(fhir, "fully-immunized-1y", LONG_QUANG, 2025)))
				.containsExactly(before.get(0), before.get(1) + 1);
	}

	@Test
	void aCheckUpSubmittedTwiceCountsOnce() {
		List<Long> before = counts(evaluate(fhir, "checkup-annual", KHE_TRE, 2025));
		IdType adult = adult(KHE_TRE);
		Bundle submission = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		var encounter = checkup(adult, "annual-free", "2025-04-02");
		String record = "46998-" + adult.getIdPart();
		encounter.addIdentifier().setSystem("https://sskdt.vn/fhir/sid/station-record").setValue(record);
		submission.addEntry().setResource(encounter).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter")
				.setIfNoneExist("identifier=https://sskdt.vn/fhir/sid/station-record|" + record);
		fhir.transaction().withBundle(submission).execute();
		fhir.transaction().withBundle(submission).execute();
		// and a second check-up of the same person in the same year: still one person checked
		fhir.create().resource(checkup(adult, "free-screening", "2025-10-02")).execute();
		assertThat(counts(evaluate(fhir, "checkup-annual", KHE_TRE, 2025)))
				.containsExactly(before.get(0) + 1, before.get(1) + 1);
	}

	@Test
	void aResidentWhoMovesMidYearCountsWhereTheyLiveAtTheEndOfTheYear() {
		List<Long> fromBefore = counts(evaluate(fhir, "checkup-annual", NAM_DONG, 2025));
		List<Long> toBefore = counts(evaluate(fhir, "checkup-annual", LONG_QUANG, 2025));
		IdType mover = adult(NAM_DONG);
		fhir.create().resource(checkup(mover, "annual-free", "2025-03-01")).execute();
		Patient moved = fhir.read().resource(Patient.class).withId(mover).execute();
		var home = moved.getAddressFirstRep();
		home.getExtensionByUrl("https://sskdt.vn/fhir/StructureDefinition/vn-commune").getValue()
				.setProperty("code", new org.hl7.fhir.r4.model.CodeType(LONG_QUANG));
		home.setPeriod(new Period().setStartElement(new DateTimeType("2025-07-01")));
		fhir.update().resource(moved).execute();
		assertThat(counts(evaluate(fhir, "checkup-annual", NAM_DONG, 2025))).isEqualTo(fromBefore);
		assertThat(counts(evaluate(fhir, "checkup-annual", LONG_QUANG, 2025)))
				.containsExactly(toBefore.get(0) + 1, toBefore.get(1) + 1);
		// in 2024 they still lived in Nam Đông (and had no check-up that year)
		assertThat(counts(evaluate(fhir, "checkup-annual", NAM_DONG, 2024)).get(1))
				.isGreaterThanOrEqualTo(1);
	}

	@Test
	void aDeathMidYearLeavesTheYearEndPopulation() {
		List<Long> before2025 = counts(evaluate(fhir, "bhyt-active", LONG_QUANG, 2025));
		List<Long> before2024 = counts(evaluate(fhir, "bhyt-active", LONG_QUANG, 2024));
		IdType resident = adult(LONG_QUANG);
		fhir.create().resource(insurance(resident, "2024-01-01", null)).execute();
		Patient died = fhir.read().resource(Patient.class).withId(resident).execute();
		died.setDeceased(new DateTimeType("2025-06-30"));
		fhir.update().resource(died).execute();
		assertThat(counts(evaluate(fhir, "bhyt-active", LONG_QUANG, 2025))).isEqualTo(before2025);
		assertThat(counts(evaluate(fhir, "bhyt-active", LONG_QUANG, 2024)))
				.containsExactly(before2024.get(0) + 1, before2024.get(1) + 1);
	}

	@Test
	void anInsuranceCardExpiringMidYearIsNotActiveAtTheYearEnd() {
		List<Long> before2025 = counts(evaluate(fhir, "bhyt-active", KHE_TRE, 2025));
		List<Long> before2024 = counts(evaluate(fhir, "bhyt-active", KHE_TRE, 2024));
		IdType resident = adult(KHE_TRE);
		fhir.create().resource(insurance(resident, "2024-01-01", "2025-06-30")).execute();
		assertThat(counts(evaluate(fhir, "bhyt-active", KHE_TRE, 2025)))
				.containsExactly(before2025.get(0), before2025.get(1) + 1);
		assertThat(counts(evaluate(fhir, "bhyt-active", KHE_TRE, 2024)))
				.containsExactly(before2024.get(0) + 1, before2024.get(1) + 1);
	}

	@Test
	void aResidentCountsInEachPriorityGroupRecordedOnTheirCheckupsAndOnceInTheTotal() {
		MeasureReport before = evaluate(fhir, "checkup-annual", VINH_LOC, 2025);
		child("1950-03-03", VINH_LOC); // elderly by age, never came
		IdType came = adult(VINH_LOC); // born 1985
		Encounter checkup = checkup(came, "annual-free", "2025-06-01"); // the package example records near-poor
		checkup.addExtension("https://sskdt.vn/fhir/StructureDefinition/vn-target-group", new CodeableConcept(
				new Coding("https://sskdt.vn/fhir/CodeSystem/vn-target-group", "disability", null)));
		fhir.create().resource(checkup).execute();
		adult(VINH_LOC); // never came: no group known
		MeasureReport after = evaluate(fhir, "checkup-annual", VINH_LOC, 2025);

		assertThat(counts(after)).containsExactly(counts(before).get(0) + 1, counts(before).get(1) + 3);
		assertThat(groupCounts(after, "elderly")).containsExactly(groupCounts(before, "elderly").get(0), groupCounts(before, "elderly").get(1) + 1);
		assertThat(groupCounts(after, "near-poor")).containsExactly(groupCounts(before, "near-poor").get(0) + 1, groupCounts(before, "near-poor").get(1) + 1);
		assertThat(groupCounts(after, "disability")).containsExactly(groupCounts(before, "disability").get(0) + 1, groupCounts(before, "disability").get(1) + 1);
		assertThat(groupCounts(after, "not-recorded")).containsExactly(groupCounts(before, "not-recorded").get(0), groupCounts(before, "not-recorded").get(1) + 1);
		assertThat(Indicators.stratum(after, "target-group", "disability").getValue().getCodingFirstRep().getSystem())
				.isEqualTo("https://sskdt.vn/fhir/CodeSystem/vn-target-group");
	}

	/** [numerator, denominator] of one target group's stratum; [0, 0] when the group has none. */
	private static List<Long> groupCounts(MeasureReport report, String group) {
		return report.getGroupFirstRep().getStratifier().stream().filter(s -> s.getCodeFirstRep().getText().equals("target-group"))
				.findFirst().orElseThrow(() -> new AssertionError("no target-group stratifier")).getStratum().stream()
				.filter(s -> s.getValue().getText().equals(group)).findFirst()
				.map(s -> List.of(Indicators.count(s, "numerator"), Indicators.count(s, "denominator"))).orElse(List.of(0L, 0L));
	}

	private IdType child(String birthDate, String commune) {
		return (IdType) fhir.create().resource(Residents.born(birthDate, true, commune)).execute().getId().toUnqualifiedVersionless();
	}

	private IdType adult(String commune) {
		return (IdType) fhir.create().resource(Residents.livingIn(Residents.newPersonalId(), commune)).execute().getId()
				.toUnqualifiedVersionless();
	}

	/** The doses of "fully immunized" in the birth year, the measles dose on the given day; returns the measles dose. */
	private IdType fullSchedule(IdType child, String year, String measlesDay) {
		fhir.create().resource(dose(child, "bcg", year + "-" + monthAfterBirth(child, 0))).execute();
		for (int month = 2; month <= 4; month++) {
			fhir.create().resource(dose(child, "penta", year + "-" + monthAfterBirth(child, month))).execute();
			fhir.create().resource(dose(child, "opv", year + "-" + monthAfterBirth(child, month))).execute();
		}
		fhir.create().resource(dose(child, "ipv", year + "-" + monthAfterBirth(child, 5))).execute();
		return (IdType) fhir.create().resource(dose(child, "measles", measlesDay)).execute().getId().toUnqualifiedVersionless();
	}

	/** A day in the birth year, {@code months} after the birth month (births of these tests are Jan–May). */
	private String monthAfterBirth(IdType child, int months) {
		Patient patient = fhir.read().resource(Patient.class).withId(child).execute();
		var birth = patient.getBirthDateElement().getValueAsCalendar();
		int month = birth.get(java.util.Calendar.MONTH) + 1 + months;
		return String.format("%02d-%02d", Math.min(month, 12), Math.min(birth.get(java.util.Calendar.DAY_OF_MONTH) + 1, 28));
	}
}
