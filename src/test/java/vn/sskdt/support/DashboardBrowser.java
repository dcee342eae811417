package vn.sskdt.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium (headless, driven through Debian's chromedriver), signed in
 * through the server's own sign-in form. Shared by the browser test (server in the test's JVM) and the
 * load-time benchmark (a server started by bench/dashboard.sh), so both measure the same page the same way.
 */
public final class DashboardBrowser implements AutoCloseable {

	/** The demo users' password of the local sign-in (application.yaml, README). */
	public static final String DEMO_PASSWORD = "sskdt-demo-2026";

	public final ChromeDriver driver;
	private final String baseUrl;

	/** @param baseUrl the server, e.g. http://127.0.0.1:8080; downloads go to {@code downloads} */
	public DashboardBrowser(String baseUrl, Path downloads) throws IOException {
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		Path chromium = Path.of("/usr/bin/chromium");
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		assertThat(chromium).as("Debian's chromium (apt-get install chromium chromium-driver)").exists();
		assertThat(chromedriver).as("Debian's chromium-driver").exists();
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

	/** Opens the page on the loopback IP and signs in through the server's own sign-in form. */
	public void signIn(String user, String password) {
		driver.get(baseUrl + "/dashboard");
		waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("signin-button")).isDisplayed());
		driver.findElement(By.id("signin-button")).click();
		waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.name("username")).isEmpty());
		driver.findElement(By.name("username")).sendKeys(user);
		driver.findElement(By.name("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		waitUpTo(Duration.ofSeconds(120)).until(d -> {
			String state = d.findElement(By.tagName("body")).getAttribute("data-state");
			return state != null && !state.isEmpty();
		});
	}

	/** Chooses the year and waits until its figures are shown. */
	public void chooseYear(String year, Duration timeout) {
		new Select(driver.findElement(By.id("year"))).selectByValue(year);
		waitForState("ready", timeout);
	}

	public void waitForState(String state, Duration timeout) {
		waitUpTo(timeout).until(d -> state.equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
	}

	public WebDriverWait waitUpTo(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(driver, timeout);
		// the page navigates under the test (sign-in redirects, reloads): an element of the old page goes stale
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	public Object script(String javascript) {
		return driver.executeScript(javascript);
	}

	public void screenshot(Path file) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() {
		driver.quit();
	}
}
