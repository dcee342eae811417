package vn.sskdt.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.sskdt.support.HealthRecords.checkup;
import static vn.sskdt.support.HealthRecords.insurance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.HealthBooks;
import vn.sskdt.support.LoadedProvince;
import vn.sskdt.support.Residents;

/**
 * The rows kept ready (ind_resident_year and its cells, the birthday cohorts, the located heights)
 * answer every plan indicator exactly as the fact tables do, and stay right when two stations write
 * for one resident at once.
 * (IndicatorTruthTest and IndicatorEdgeCasesTest ask through HTTP; here both ways of answering are
 * compared directly, which the API cannot choose between.)
 */
class ResidentYearsTest extends FhirServerTest {

	@Autowired
	IFhirSystemDao<Bundle, ?> systemDao;
	@Autowired
	DaoRegistry daos;
	@Autowired
	FactQuery query;
	@Autowired
	ResidentYears residentYears;
	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theRowsOfAYearCountAndListAsTheFactTablesDoInTheProvinceAndEachCommune() throws InterruptedException {
		LoadedProvince province = LoadedProvince.haiPhong(fhirContext, systemDao);
		waitUntilReady(2025);
		assertThat(jdbc.queryForObject("select count(*) from ind_resident_year where year = 2025 and province = '31'", Integer.class))
				.as("rows of the loaded province").isGreaterThan(900);
		List<FactQuery.Area> areas = new ArrayList<>(List.of(new FactQuery.Area("31", null)));
		province.options.communes().forEach(commune -> areas.add(new FactQuery.Area("31", commune)));
		LocalDate start = LocalDate.of(2025, 1, 1), end = LocalDate.of(2025, 12, 31);
		int compared = 0;
		for (IndicatorDefinition indicator : indicators()) {
			for (FactQuery.Area area : areas) {
				String what = indicator.id() + " in " + area.code();
				List<FactQuery.Cell> fromRows = query.count(indicator, area, start, end, true);
				assertThat(fromRows).as(what).isNotEmpty();
				assertThat(new HashSet<>(fromRows)).as(what).isEqualTo(new HashSet<>(query.count(indicator, area, start, end, false)));
				if (indicator.proportion()) {
					assertThat(query.toReach(indicator, area, start, end, 0, 5000, true)).as("still to reach: " + what)
							.isEqualTo(query.toReach(indicator, area, start, end, 0, 5000, false));
				}
				compared++;
			}
		}
		assertThat(compared).as("the 13 plan indicators × 4 areas").isGreaterThanOrEqualTo(13 * 4);
		assertCellsAreTheRowsGrouped(2025);
		assertHeightCellsAreTheMeasurementsGrouped();
	}

	/** The height cells hold exactly the located heights with a known age, grouped by year. */
	private void assertHeightCellsAreTheMeasurementsGrouped() {
		List<String> cells = jdbc.queryForList("select concat_ws('|', year, province, age, commune, sex, ethnicity, measurements, total_cm)"
				+ " from ind_height_cell where measurements <> 0 order by 1", String.class);
		List<String> measurements = jdbc.queryForList("select concat_ws('|', y, p, age, c, sex, e, n, v) from (select"
				+ " extract(year from measured)::int as y, coalesce(province, '') as p, age, coalesce(commune, '') as c, sex,"
				+ " coalesce(ethnicity, '') as e, count(*) as n, sum(value) as v from ind_height_located"
				+ " where age is not null and measured >= ? group by 1, 2, 3, 4, 5, 6) g order by 1", String.class, residentYears.firstDay());
		assertThat(cells).as("height cells").isNotEmpty().isEqualTo(measurements);
	}

	/** The cells of a year hold exactly the year's rows, grouped: no move lost or counted twice. */
	private void assertCellsAreTheRowsGrouped(int year) {
		String key = "province, commune, sex, ethnicity, age_band, array_to_string(checkup_types, ','), insured, book_created,"
				+ " array_to_string(target_groups, ',')";
		List<String> cells = jdbc.queryForList("select concat_ws('|', " + key + ", residents) from ind_resident_year_cell"
				+ " where year = ? and residents <> 0 order by 1", String.class, year);
		List<String> rows = jdbc.queryForList("select concat_ws('|', " + key + ", n) from (select coalesce(province, '') as province,"
				+ " coalesce(commune, '') as commune, sex, coalesce(ethnicity, '') as ethnicity, " + FactQuery.ageBand("age") + " as age_band,"
				+ " checkup_types, insured, book_created, target_groups, count(*) as n from ind_resident_year where year = ?"
				+ " group by 1, 2, 3, 4, 5, 6, 7, 8, 9) g order by 1", String.class, year);
		assertThat(cells).as("cells of " + year).isNotEmpty().isEqualTo(rows);
	}

	@Test
	void twoStationsWritingForOneResidentAtTheSameMomentBothCount() throws Exception {
		waitUntilReady(2025);
		ExecutorService stations = Executors.newFixedThreadPool(3);
		try {
			for (int attempt = 0; attempt < 5; attempt++) {
				IdType resident = (IdType) fhir.create().resource(Residents.livingIn(Residents.newPersonalId(), "19815"))
						.execute().getId().toUnqualifiedVersionless();
				CountDownLatch go = new CountDownLatch(1);
				List<Resource> writes = List.of(checkup(resident, "annual-free", "2025-03-01"), checkup(resident, "school", "2025-04-01"),
						insurance(resident, "2025-01-01", null));
				List<CompletableFuture<?>> done = new ArrayList<>();
				for (Resource write : writes) {
					done.add(CompletableFuture.runAsync(() -> {
						try {
							go.await();
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
						fhir.create().resource(write).execute();
					}, stations));
				}
				go.countDown();
				CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
				var row = jdbc.queryForMap("select array_to_string(checkup_types, ',') as types, insured, book_created"
						+ " from ind_resident_year where patient_id = ? and year = 2025", resident.getIdPart());
				assertThat(row).as("attempt " + attempt)
						.containsEntry("types", "annual-free,school").containsEntry("insured", true).containsEntry("book_created", true);
			}
			assertCellsAreTheRowsGrouped(2025);
			assertHeightCellsAreTheMeasurementsGrouped();
		} finally {
			stations.shutdownNow();
		}
	}

	@Test
	void aCorrectedHeightAWithdrawnOneAndAMoveShiftTheHeightCells() throws InterruptedException {
		waitUntilReady(2025);
		org.hl7.fhir.r4.model.Patient child = Residents.born("2018-05-01", false, "19815");
		IdType id = (IdType) fhir.create().resource(child).execute().getId().toUnqualifiedVersionless();
		Observation spring = height(id, "2025-03-02", 120);
		Observation autumn = height(id, "2025-09-01", 125);
		spring.setId(fhir.create().resource(spring).execute().getId().toUnqualifiedVersionless());
		autumn.setId(fhir.create().resource(autumn).execute().getId().toUnqualifiedVersionless());
		assertThat(located(id)).containsExactly("19815|120.00", "19815|125.00");

		spring.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(121).setUnit("cm").setSystem("http://unitsofmeasure.org").setCode("cm"))
				.setStatus(Observation.ObservationStatus.CORRECTED);
		fhir.update().resource(spring).execute();
		fhir.update().resource(autumn.setStatus(Observation.ObservationStatus.ENTEREDINERROR)).execute();
		// the family had moved at the start of the year: the spring measurement was taken in the new commune
		child.setId(id);
		child.getAddressFirstRep().getExtensionByUrl("https://sskdt.vn/fhir/StructureDefinition/vn-commune")
				.setValue(new org.hl7.fhir.r4.model.Coding("https://sskdt.vn/fhir/CodeSystem/vn-commune", "19789", null));
		child.getAddressFirstRep().getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2025-01-01"));
		fhir.update().resource(child).execute();

		assertThat(located(id)).containsExactly("19789|121.00");
		assertHeightCellsAreTheMeasurementsGrouped();
	}

	private List<String> located(IdType patient) {
		return jdbc.queryForList("select concat_ws('|', commune, value) from ind_height_located where patient_id = ? order by measured",
				String.class, patient.getIdPart());
	}

	private static Observation height(IdType patient, String day, int cm) {
		Observation height = HealthBooks.height(patient);
		height.setEffective(new org.hl7.fhir.r4.model.DateTimeType(day));
		height.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(cm).setUnit("cm").setSystem("http://unitsofmeasure.org").setCode("cm"));
		return height;
	}

	private List<IndicatorDefinition> indicators() {
		var measures = daos.getResourceDao("Measure").search(SearchParameterMap.newSynchronous(), new SystemRequestDetails());
		return measures.getResources(0, measures.sizeOrThrowNpe()).stream()
				.map(measure -> IndicatorDefinition.of((Measure) measure))
				.toList();
	}

	private void waitUntilReady(int year) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!(residentYears.cellsReady(year) & residentYears.birthdaysReady() & residentYears.heightCellsReady())) {
			assertThat(System.nanoTime()).as("rows of " + year + " filled within 2 minutes").isLessThan(deadline);
			Thread.sleep(200);
		}
	}
}
