package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
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


	/**
	 * The same indicators computed a second, independent way: straight from the FHIR resources, read
	 * through the API as any client could, with the definitions of docs/indicators.md written out
	 * plainly. Guards against the facts and the truth file sharing a mistake.
	 */
	@Test
	void indicatorsEqualAComputationFromTheResourcesThemselves() {
		LocalDate yearEnd = LocalDate.of(2025, 12, 31);
		Map<String, MeasureReport> reports = allIndicators("31");
		for (String commune : province.options.communes()) {
			List<Patient> residents = all("Patient?commune=" + commune, Patient.class);
			Set<String> ids = residents.stream().map(p -> p.getIdElement().getIdPart()).collect(Collectors.toSet());
			Map<String, List<Immunization>> doses = byPatient(all("Immunization?status=completed", Immunization.class), ids,
					i -> i.getPatient().getReferenceElement().getIdPart());
			Map<String, List<Encounter>> encounters = byPatient(all("Encounter", Encounter.class), ids,
					e -> e.getSubject().getReferenceElement().getIdPart());
			Map<String, List<Coverage>> cards = byPatient(all("Coverage?status=active", Coverage.class), ids,
					c -> c.getBeneficiary().getReferenceElement().getIdPart());
			long cohort = 0, fully = 0, alive = 0, checked = 0, insured = 0, withBook = 0;
			for (Patient p : residents) {
				String id = p.getIdElement().getIdPart();
				LocalDate born = LocalDate.parse(p.getBirthDateElement().getValueAsString());
				LocalDate died = p.hasDeceasedDateTimeType() ? day(p.getDeceasedDateTimeType()) : null;
				LocalDate birthday = born.plusYears(1);
				if (birthday.getYear() == 2025 && (died == null || died.isAfter(birthday))) {
					cohort++;
					Map<String, Set<LocalDate>> given = new HashMap<>();
					for (Immunization i : doses.getOrDefault(id, List.of())) {
						LocalDate on = day(i.getOccurrenceDateTimeType());
						if (on.isBefore(birthday)) {
							i.getVaccineCode().getCoding().stream().filter(c -> c.getSystem().endsWith("/vn-vaccine"))
									.forEach(c -> given.computeIfAbsent(c.getCode(), k -> new HashSet<>()).add(on));
						}
					}
					if (n(given, "bcg") >= 1 && n(given, "penta") >= 3 && n(given, "opv") >= 3 && n(given, "ipv") >= 1
							&& n(given, "measles") >= 1) {
						fully++;
					}
				}
				if (!born.isAfter(yearEnd) && (died == null || died.isAfter(yearEnd))) {
					alive++;
					List<Encounter> seen = encounters.getOrDefault(id, List.of());
					if (seen.stream().anyMatch(e -> e.getStatus() == Encounter.EncounterStatus.FINISHED
							&& day(e.getPeriod().getStartElement()).getYear() == 2025
							&& List.of("annual-free", "free-screening", "school", "occupational")
									.contains(e.getTypeFirstRep().getCodingFirstRep().getCode()))) {
						checked++;
					}
					if (seen.stream().anyMatch(e -> !day(e.getPeriod().getStartElement()).isAfter(yearEnd))) {
						withBook++;
					}
					if (cards.getOrDefault(id, List.of()).stream().anyMatch(c -> !day(c.getPeriod().getStartElement()).isAfter(yearEnd)
							&& (!c.getPeriod().hasEnd() || !day(c.getPeriod().getEndElement()).isBefore(yearEnd)))) {
						insured++;
					}
				}
			}
			assertThat(communeCounts(reports, "fully-immunized-1y", commune)).as("fully immunized, " + commune).containsExactly(fully, cohort);
			assertThat(communeCounts(reports, "checkup-annual", commune)).as("checked, " + commune).containsExactly(checked, alive);
			assertThat(communeCounts(reports, "bhyt-active", commune)).as("insured, " + commune).containsExactly(insured, alive);
			assertThat(communeCounts(reports, "ehb-created", commune)).as("health books, " + commune).containsExactly(withBook, alive);
			assertThat(alive).as("residents of " + commune).isGreaterThan(100);
		}
	}

	private List<Long> communeCounts(Map<String, MeasureReport> reports, String indicator, String commune) {
		MeasureReport.StratifierGroupComponent stratum = Indicators.stratum(reports.get(indicator), "commune", commune);
		return List.of(Indicators.count(stratum, "numerator"), Indicators.count(stratum, "denominator"));
	}

	private static long n(Map<String, Set<LocalDate>> given, String vaccine) {
		return given.getOrDefault(vaccine, Set.of()).size();
	}

	/** The local day in Vietnam of a date or dateTime. */
	private static LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType value) {
		if (value.getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
			return LocalDate.parse(value.getValueAsString().substring(0, 10));
		}
		return value.getValue().toInstant().atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toLocalDate();
	}

	private <T extends org.hl7.fhir.r4.model.Resource> List<T> all(String query, Class<T> type) {
		List<T> found = new ArrayList<>();
		Bundle page = fhir.search().byUrl(query + (query.contains("?") ? "&" : "?") + "_count=200").returnBundle(Bundle.class).execute();
		while (true) {
			page.getEntry().forEach(e -> found.add(type.cast(e.getResource())));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				return found;
			}
			page = fhir.loadPage().next(page).execute();
		}
	}

	private static <T> Map<String, List<T>> byPatient(List<T> resources, Set<String> ids, java.util.function.Function<T, String> patient) {
		return resources.stream().filter(r -> ids.contains(patient.apply(r))).collect(Collectors.groupingBy(patient));
	}
}
