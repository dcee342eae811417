package vn.sskdt.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ImmunizationRecommendation;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import vn.sskdt.demo.ProvinceGenerator;
import vn.sskdt.support.DashboardBrowser;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/**
 * The dashboard as its users meet it: Debian's Chromium (headless, driven by Selenium through
 * Debian's chromedriver) signs in through the server's real sign-in form, and what the page shows is
 * compared with what the indicator API answers for the same question. A synthetic slice of Huế
 * (province 46) over 2025 is stored once per run.
 */
class DashboardBrowserTest extends FhirServerTest {

	private static final String YEAR = "2025";
	/** 600 residents of three Huế communes, Vỹ Dạ (staff.vyda's) among them. */
	static final ProvinceGenerator.Options HUE =
			new ProvinceGenerator.Options(20261124L, 600, "46", 2025, 1, List.of("19777", "19789", "19753"));

	private static boolean stored;

	@Autowired
	IFhirSystemDao<Bundle, ?> systemDao;

	private DashboardBrowser browser;
	private ChromeDriver driver;
	private Path downloads;

	@BeforeEach
	void huéAndBrowser() throws Exception {
		if (!stored) {
			ByteArrayOutputStream bundles = new ByteArrayOutputStream();
			new ProvinceGenerator(HUE).write(bundles, new ByteArrayOutputStream());
			for (String line : bundles.toString(StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					systemDao.transaction(new SystemRequestDetails(), fhirContext.newJsonParser().parseResource(Bundle.class, line));
				}
			}
			stored = true;
		}
		downloads = Files.createTempDirectory("sskdt-dashboard-downloads");
		browser = new DashboardBrowser("http://127.0.0.1:" + port, downloads);
		driver = browser.driver;
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void analystSeesTheProvinceAsTheApiAnswersIt() throws Exception {
		signIn("analyst.hue");
		chooseYear(YEAR);

		Bundle api = evaluate(TestTokens.analyst("46"), "jurisdiction=46");
		List<MeasureReport> reports = reports(api);
		assertThat(reports).hasSizeGreaterThan(5);
		int scored = 0;
		for (MeasureReport report : reports) {
			String id = measureId(report);
			WebElement value = driver.findElement(By.cssSelector("#indicators tr[data-measure='" + id + "'] td.value"));
			if (report.getGroupFirstRep().hasMeasureScore()) {
				BigDecimal expected = report.getGroupFirstRep().getMeasureScore().getValue();
				assertThat(new BigDecimal(value.getAttribute("data-score"))).as(id).isEqualByComparingTo(expected);
				assertThat(value.getText()).as(id).isEqualTo(formatted(id, expected));
				String state = driver.findElement(By.cssSelector("#indicators tr[data-measure='" + id + "'] .badge")).getText();
				Optional<Boolean> met = met(report.getGroupFirstRep().getExtension());
				met.ifPresent(m -> {
					if (m) {
						assertThat(state).as(id).isEqualTo("Đạt");
					} else {
						assertThat(state).as(id).isIn("Gần đạt", "Còn xa");
					}
				});
				scored++;
			} else {
				assertThat(value.getText()).isEqualTo("—");
			}
		}
		assertThat(scored).as("indicators with a value in the stored data").isGreaterThan(5);

		// the chart: drawn pixels on the canvas, and the same communes in the table under it
		Long painted = (Long) ((JavascriptExecutor) driver).executeScript(
				"var c = document.getElementById('chart'); var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
						+ "var n = 0; for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } } return n;");
		assertThat(painted).as("non-transparent pixels of the chart").isGreaterThan(1000);
		MeasureReport first = reports.get(0);
		List<MeasureReport.StratifierGroupComponent> communes = communeStrata(first);
		assertThat(communes).as("every commune of Huế").hasSizeGreaterThan(3);
		assertThat(driver.findElements(By.cssSelector("#communes tbody tr"))).hasSize(communes.size());

		// a commune chosen from the table (keyboard-reachable buttons; the chart click does the same)
		MeasureReport.StratifierGroupComponent vyDa = communes.stream()
				.filter(s -> s.getValue().getText().equals("19777")).findFirst().orElseThrow();
		driver.findElement(By.cssSelector("#communes tr[data-commune='19777'] button")).click();
		WebElement vyDaValue = driver.findElement(By.cssSelector("#indicators tr[data-measure='" + measureId(first) + "'] td.value"));
		assertThat(new BigDecimal(vyDaValue.getAttribute("data-score"))).isEqualByComparingTo(vyDa.getMeasureScore().getValue());
		assertThat(driver.findElement(By.id("area-title")).getText()).contains("Phường Vỹ Dạ");

		// the CSV, downloaded by the browser: one line per commune of the province for each indicator
		new Select(driver.findElement(By.id("commune"))).selectByValue("");
		driver.findElement(By.id("csv")).click();
		Path csv = waitForDownload();
		String table = Files.readString(csv, StandardCharsets.UTF_8);
		for (MeasureReport.StratifierGroupComponent commune : communes) {
			assertThat(table).contains(",commune," + commune.getValue().getText() + ",");
		}
		assertThat(table).contains(",province,46,");

		Path screenshot = Path.of("target", "dashboard-analyst.png");
		Files.createDirectories(screenshot.getParent());
		Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));

		// load time of a fresh page with the session signed in, for BENCHMARKS.md (reported, not asserted)
		driver.navigate().refresh();
		waitForState("ready");
		assertThat(new Select(driver.findElement(By.id("year"))).getFirstSelectedOption().getText()).isEqualTo(YEAR);
		@SuppressWarnings("unchecked")
		Map<String, Object> timing = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
				"var n = performance.getEntriesByType('navigation')[0];"
						+ "return {domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready: window.sskdtDashboardReadyAt};");
		String line = "dashboard load (ms from navigation start): DOMContentLoaded " + timing.get("domContentLoaded")
				+ ", load " + timing.get("load") + ", figures and chart shown " + timing.get("ready")
				+ "; residents stored: " + HUE.residents() + " in province 46 (plus other tests' data)";
		System.out.println(line);
		Files.writeString(Path.of("target", "dashboard-load-time.txt"), line + "\n");
	}

	@Test
	void citizenIsRefusedWithAClearMessage() throws Exception {
		signIn("citizen.hoa");
		waitForState("refused");
		WebElement refused = driver.findElement(By.id("refused"));
		assertThat(refused.isDisplayed()).isTrue();
		assertThat(refused.getText()).containsAnyOf("không được xem", "từ chối");
		assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
	}

	@Test
	void stationStaffSeeOnlyTheirCommuneAndWhomToReach() throws Exception {
		signIn("staff.vyda");
		chooseYear(YEAR);

		List<String> areas = new Select(driver.findElement(By.id("commune"))).getOptions().stream()
				.map(o -> o.getAttribute("value")).toList();
		assertThat(areas).containsExactly("19777");
		assertThat(driver.findElement(By.id("province")).isDisplayed()).isFalse();
		assertThat(driver.findElement(By.id("chart-section")).isDisplayed()).isFalse();

		String staff = TestTokens.staff("46002", "19777");
		Bundle api = evaluate(staff, "jurisdiction=19777");
		for (MeasureReport report : reports(api)) {
			if (report.getGroupFirstRep().hasMeasureScore()) {
				WebElement value = driver.findElement(By.cssSelector("#indicators tr[data-measure='" + measureId(report) + "'] td.value"));
				assertThat(new BigDecimal(value.getAttribute("data-score"))).isEqualByComparingTo(report.getGroupFirstRep().getMeasureScore().getValue());
			}
		}

		// the check-up list first (the page's default), then the immunization one
		List<String> checkups = subjectList(staff, "checkup-annual");
		assertThat(checkups).as("residents of Vỹ Dạ without a 2025 check-up in the stored data").isNotEmpty();
		assertThat(shownResidents()).containsExactlyElementsOf(checkups);
		// names come from Patient reads the station may make; none of the list stays a bare id
		assertThat(driver.findElements(By.cssSelector("#to-reach tbody tr")))
				.allSatisfy(tr -> assertThat(tr.findElement(By.tagName("th")).getText()).isNotEqualTo(tr.getAttribute("data-patient")));
		// a past year is read at its end: what was still due in 2025
		assertThat(driver.findElement(By.id("due-note")).getText()).contains("31/12/" + YEAR);
		int childrenWithDoses = dueDatesAreTheForecasts(staff, checkups);
		Files.write(Path.of("target", "dashboard-station.png"), driver.getScreenshotAs(OutputType.BYTES));

		new Select(driver.findElement(By.id("to-reach-indicator"))).selectByValue("fully-immunized-1y");
		List<String> notFullyImmunized = subjectList(staff, "fully-immunized-1y");
		wait(Duration.ofSeconds(60)).until(d -> shownResidents().equals(notFullyImmunized));
		childrenWithDoses += dueDatesAreTheForecasts(staff, notFullyImmunized);
		assertThat(childrenWithDoses).as("children listed with a dose due or overdue at the end of " + YEAR).isPositive();

		// nobody of another commune: every row is a resident of Vỹ Dạ (read as the system, not as the
		// station), and none of the children due in Thuận Hóa at the same date appears anywhere on the page
		String system = TestTokens.system("system/*.rs");
		for (String id : shownResidents()) {
			Patient patient = parse(Patient.class, get(system, "/fhir/Patient/" + id));
			assertThat(patient.getAddress()).as(id).anySatisfy(a -> assertThat(a.getExtension()).anySatisfy(e -> {
				assertThat(e.getUrl()).endsWith("/vn-commune");
				assertThat(e.getValue()).isInstanceOfSatisfying(org.hl7.fhir.r4.model.Coding.class,
						commune -> assertThat(commune.getCode()).isEqualTo("19777"));
			}));
		}
		Bundle thuanHoa = parse(Bundle.class, get(system, "/fhir/Patient/$immds-due?month=" + YEAR + "-12&commune=19789"));
		List<String> elsewhere = thuanHoa.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof Patient).map(r -> r.getIdElement().getIdPart()).toList();
		assertThat(elsewhere).as("children of Thuận Hóa due at the end of " + YEAR + " (the other commune's list)").isNotEmpty();
		List<String> onPage = driver.findElements(By.cssSelector("[data-patient]")).stream().map(e -> e.getAttribute("data-patient")).toList();
		assertThat(onPage).doesNotContainAnyElementsOf(elsewhere);

		// the English switch relabels the same figures
		driver.findElement(By.id("lang")).click();
		assertThat(driver.findElement(By.id("due-note")).getText()).contains(YEAR + "-12-31");
		assertThat(driver.findElements(By.cssSelector("#to-reach .doses .badge")))
				.allSatisfy(b -> assertThat(b.getText()).isIn("Due", "Overdue"));
		driver.findElement(By.id("lang")).click();
	}

	/** The residents in the station's list, in the page's order. */
	private List<String> shownResidents() {
		return driver.findElements(By.cssSelector("#to-reach tbody tr")).stream().map(tr -> tr.getAttribute("data-patient")).toList();
	}

	/** The first 50 of an indicator's subject list for Vỹ Dạ in the year, as the API gives them to the station. */
	private List<String> subjectList(String staff, String measure) throws Exception {
		MeasureReport report = parse(MeasureReport.class, get(staff, "/fhir/Measure/" + measure + "/$evaluate-measure?periodStart=" + YEAR
				+ "&periodEnd=" + YEAR + "&jurisdiction=19777&reportType=subject-list&_count=50"));
		return report.getContained().stream().filter(r -> r instanceof ListResource).map(r -> (ListResource) r).findFirst()
				.map(l -> l.getEntry().stream().map(e -> e.getItem().getReference().replace("Patient/", "")).toList())
				.orElse(List.of());
	}

	/**
	 * Each listed resident's doses on the page equal the due and overdue recommendations of their own
	 * {@code Patient/{id}/$immds-forecast} at the end of the year, asked one by one here (the page makes
	 * one request for the commune). The station's list covers children under 6 with a full birth date
	 * ({@code Patient/$immds-due}); anyone else shows no dose. Returns how many residents show doses.
	 */
	private int dueDatesAreTheForecasts(String staff, List<String> residents) throws Exception {
		if (residents.isEmpty()) {
			return 0;
		}
		LocalDate end = LocalDate.parse(YEAR + "-12-31");
		assertThat(Year.now().getValue()).as("the test reads " + YEAR + " as a past year").isGreaterThan(Integer.parseInt(YEAR));
		Bundle patients = parse(Bundle.class, get(staff, "/fhir/Patient?_id=" + String.join(",", residents) + "&_count=" + residents.size()));
		Map<String, Patient> byId = new HashMap<>();
		patients.getEntry().forEach(e -> byId.put(e.getResource().getIdElement().getIdPart(), (Patient) e.getResource()));
		int withDoses = 0;
		for (String id : residents) {
			Patient patient = byId.get(id);
			assertThat(patient).as(id).isNotNull();
			List<String> expected = new ArrayList<>();
			boolean child = patient.getBirthDateElement().getPrecision() == TemporalPrecisionEnum.DAY
					&& LocalDate.parse(patient.getBirthDateElement().getValueAsString()).isAfter(end.minusYears(6));
			if (child) {
				ImmunizationRecommendation forecast = parse(ImmunizationRecommendation.class,
						get(staff, "/fhir/Patient/" + id + "/$immds-forecast?assessmentDate=" + end));
				for (var r : forecast.getRecommendation()) {
					String status = r.getForecastStatus().getCoding().stream()
							.filter(c -> c.getSystem().equals("http://terminology.hl7.org/CodeSystem/immunization-recommendation-status"))
							.map(Coding::getCode).findFirst().orElse("");
					if (status.equals("due") || status.equals("overdue")) {
						String due = r.getDateCriterion().stream().filter(c -> c.getCode().getCodingFirstRep().getCode().equals("30980-7"))
								.findFirst().orElseThrow().getValueElement().getValueAsString().substring(0, 10);
						expected.add(r.getVaccineCodeFirstRep().getCodingFirstRep().getCode() + " " + due + " " + status);
					}
				}
			}
			WebElement row = driver.findElement(By.cssSelector("#to-reach tr[data-patient='" + id + "']"));
			List<WebElement> doses = row.findElements(By.cssSelector(".doses li"));
			assertThat(doses.stream().map(li -> li.getAttribute("data-vaccine") + " " + li.getAttribute("data-due") + " "
					+ li.getAttribute("data-status")).toList()).as(id).containsExactlyInAnyOrderElementsOf(expected);
			for (WebElement li : doses) {
				String iso = li.getAttribute("data-due");
				// as the reader sees it: the date written the Vietnamese way and the status in words
				assertThat(li.getText()).contains(iso.substring(8, 10) + "/" + iso.substring(5, 7) + "/" + iso.substring(0, 4))
						.contains("overdue".equals(li.getAttribute("data-status")) ? "Quá hạn" : "Đến hạn");
			}
			if (expected.isEmpty()) {
				assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("Không có mũi đến hạn");
			} else {
				withDoses++;
			}
		}
		return withDoses;
	}

	// ---- helpers ----

	private void signIn(String user) {
		browser.signIn(user, DashboardBrowser.DEMO_PASSWORD);
	}

	private void chooseYear(String year) {
		browser.chooseYear(year, Duration.ofSeconds(60));
	}

	private void waitForState(String state) {
		browser.waitForState(state, Duration.ofSeconds(60));
	}

	private WebDriverWait wait(Duration timeout) {
		return browser.waitUpTo(timeout);
	}

	private Path waitForDownload() throws Exception {
		return wait(Duration.ofSeconds(30)).until(d -> {
			try (Stream<Path> files = Files.list(downloads)) {
				return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
			} catch (java.io.IOException e) {
				return null;
			}
		});
	}

	private String get(String token, String path) throws Exception {
		var response = sendAs(token, HttpRequest.newBuilder(uri(path)).header("Accept", "application/fhir+json"));
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private Bundle evaluate(String token, String area) throws Exception {
		return parse(Bundle.class, get(token, "/fhir/Measure/$evaluate-measure?periodStart=" + YEAR + "&periodEnd=" + YEAR + "&" + area));
	}

	private static List<MeasureReport> reports(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof MeasureReport).map(r -> (MeasureReport) r).toList();
	}

	private static List<MeasureReport.StratifierGroupComponent> communeStrata(MeasureReport report) {
		return report.getGroupFirstRep().getStratifier().stream()
				.filter(s -> "commune".equals(s.getCodeFirstRep().getText())).findFirst().orElseThrow().getStratum();
	}

	private static String measureId(MeasureReport report) {
		String url = report.getMeasure().split("\\|")[0];
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private static Optional<Boolean> met(List<org.hl7.fhir.r4.model.Extension> extensions) {
		return extensions.stream().filter(e -> e.getUrl().endsWith("vn-target-met")).findFirst()
				.map(e -> ((BooleanType) e.getValue()).booleanValue());
	}

	/** As the page writes it in Vietnamese: per cent with two decimals (the score's four) and a decimal comma; height in cm. */
	private static String formatted(String measureId, BigDecimal score) {
		if (measureId.startsWith("height")) {
			return score.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString().replace('.', ',') + " cm";
		}
		return score.movePointRight(2).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString().replace('.', ',') + " %";
	}
}
