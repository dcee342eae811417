package vn.sskdt.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import vn.sskdt.demo.ProvinceGenerator;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/**
 * The dashboard as its users meet it: Debian's Chromium (headless, driven by Selenium through
 * Debian's chromedriver) signs in through the server's real sign-in form, and what the page shows is
 * compared with what the indicator API answers for the same question. A synthetic slice of Huế
 * (province 46) over 2025 is stored once per run.
 */
class DashboardBrowserTest extends FhirServerTest {

	private static final String PASSWORD = "sskdt-demo-2026";
	private static final String YEAR = "2025";
	/** 600 residents of three Huế communes, Vỹ Dạ (staff.vyda's) among them. */
	static final ProvinceGenerator.Options HUE =
			new ProvinceGenerator.Options(20261124L, 600, "46", 2025, 1, List.of("19777", "19789", "19753"));

	private static boolean stored;

	@Autowired
	IFhirSystemDao<Bundle, ?> systemDao;

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
		Path chromium = Path.of("/usr/bin/chromium");
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		assertThat(chromium).as("Debian's chromium (apt-get install chromium chromium-driver)").exists();
		assertThat(chromedriver).as("Debian's chromium-driver").exists();
		downloads = Files.createTempDirectory("sskdt-dashboard-downloads");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1800",
				"--user-data-dir=" + Files.createTempDirectory("sskdt-chromium-profile"));
		Map<String, Object> prefs = new HashMap<>();
		prefs.put("download.default_directory", downloads.toString());
		prefs.put("download.prompt_for_download", false);
		options.setExperimentalOption("prefs", prefs);
		// Selenium Manager must never fetch a browser or driver: both are given explicitly
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
		driver = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() {
		if (driver != null) {
			driver.quit();
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

		MeasureReport toReach = parse(MeasureReport.class, get(staff,
				"/fhir/Measure/checkup-annual/$evaluate-measure?periodStart=" + YEAR + "&periodEnd=" + YEAR
						+ "&jurisdiction=19777&reportType=subject-list&_count=50"));
		ListResource list = (ListResource) toReach.getContained().stream().filter(r -> r instanceof ListResource).findFirst().orElseThrow();
		List<String> expected = list.getEntry().stream().map(e -> e.getItem().getReference().replace("Patient/", "")).toList();
		assertThat(expected).as("residents of Vỹ Dạ without a 2025 check-up in the stored data").isNotEmpty();
		List<WebElement> shown = driver.findElements(By.cssSelector("#to-reach li"));
		assertThat(shown.stream().map(li -> li.getAttribute("data-patient")).toList()).containsExactlyElementsOf(expected);
		// names come from Patient reads the station may make; none of the list stays a bare id
		assertThat(shown).allSatisfy(li -> assertThat(li.getText()).isNotEqualTo(li.getAttribute("data-patient")));
		Files.write(Path.of("target", "dashboard-station.png"), driver.getScreenshotAs(OutputType.BYTES));
	}

	// ---- helpers ----

	/** Opens the page on the loopback IP and signs in through the server's own sign-in form. */
	private void signIn(String user) {
		driver.get("http://127.0.0.1:" + port + "/dashboard");
		wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("signin-button")).isDisplayed());
		driver.findElement(By.id("signin-button")).click();
		wait(Duration.ofSeconds(30)).until(d -> !d.findElements(By.name("username")).isEmpty());
		driver.findElement(By.name("username")).sendKeys(user);
		driver.findElement(By.name("password")).sendKeys(PASSWORD);
		driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		wait(Duration.ofSeconds(60)).until(d -> {
			String state = d.findElement(By.tagName("body")).getAttribute("data-state");
			return state != null && !state.isEmpty();
		});
	}

	private void chooseYear(String year) {
		new Select(driver.findElement(By.id("year"))).selectByValue(year);
		waitForState("ready");
	}

	private void waitForState(String state) {
		wait(Duration.ofSeconds(60)).until(d -> state.equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
	}

	private WebDriverWait wait(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(driver, timeout);
		// the page navigates under the test (sign-in redirects, reloads): an element of the old page goes stale
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		return wait;
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
