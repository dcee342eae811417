package vn.sskdt.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import vn.sskdt.support.DashboardBrowser;

/**
 * The dashboard's load time on a server with a province loaded, for BENCHMARKS.md: run by
 * {@code bench/dashboard.sh}, never by the normal suite (the name matches none of surefire's test
 * patterns, and without {@code -Dsskdt.dashboard.baseUrl} it is skipped).
 *
 * <p>Signs in through the server's form (an analyst, analyst.hue by default), chooses the year, checks
 * that the figures and the chart are there, then reloads the page {@code runs} times with the browser
 * cache (a returning user) and {@code runs} times without it (Chart.js and the page fetched again), after
 * one unmeasured reload each. A load ends when the page marks itself ready: the figures written and the
 * chart drawn ({@code window.sskdtDashboardReadyAt}, ms from navigation start). Writes each time and
 * the medians to {@code sskdt.dashboard.report} and a screenshot to
 * {@code sskdt.dashboard.screenshot}.
 */
class DashboardLoadBench {

	private static final String TIMING = "var n = performance.getEntriesByType('navigation')[0];"
			+ "var report = performance.getEntriesByType('resource').filter(function (r) {"
			+ "  return r.name.indexOf('/Measure/$evaluate-measure') >= 0; })[0];"
			+ "return {ready: window.sskdtDashboardReadyAt, domContentLoaded: n.domContentLoadedEventEnd,"
			+ "  report: report ? report.duration : -1};";

	@Test
	void pageLoadTime() throws Exception {
		String base = System.getProperty("sskdt.dashboard.baseUrl");
		assumeTrue(base != null && !base.isBlank(), "bench/dashboard.sh sets -Dsskdt.dashboard.baseUrl");
		String user = property("sskdt.dashboard.user", "analyst.hue");
		String password = property("sskdt.dashboard.password", DashboardBrowser.DEMO_PASSWORD);
		String year = property("sskdt.dashboard.year", "2025");
		int runs = Integer.parseInt(property("sskdt.dashboard.runs", "7"));
		Path screenshot = Path.of(property("sskdt.dashboard.screenshot", "target/dashboard-bench.png"));
		Path report = Path.of(property("sskdt.dashboard.report", "target/dashboard-bench.txt"));

		List<String> lines = new ArrayList<>();
		lines.add("dashboard load time, " + base + ", " + user + ", year " + year + ", " + runs + " loads per mode, " + Instant.now());
		lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average at start " + loadAverage());
		try (DashboardBrowser browser = new DashboardBrowser(base, Files.createTempDirectory("sskdt-bench-downloads"))) {
			browser.signIn(user, password);
			// the first evaluation of a large province may be slow (cold caches): not a measured load
			browser.chooseYear(year, Duration.ofMinutes(10));
			List<String> rows = browser.driver.findElements(By.cssSelector("#indicators tbody tr")).stream()
					.map(tr -> tr.getAttribute("data-measure")).toList();
			assertThat(rows).as("indicator rows").hasSizeGreaterThan(5);
			lines.add("area: " + browser.driver.findElement(By.id("area-title")).getText() + "; residents (check-up denominator): "
					+ browser.driver.findElement(By.cssSelector("#indicators tr[data-measure='checkup-annual'] td:nth-child(5)")).getText()
					+ "; communes in the chart: " + browser.driver.findElements(By.cssSelector("#communes tbody tr")).size());

			browser.driver.executeCdpCommand("Network.enable", Map.of());
			for (boolean cached : List.of(true, false)) {
				browser.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", !cached));
				load(browser); // unmeasured: JIT and caches of this mode
				List<Double> ready = new ArrayList<>();
				List<Double> domContentLoaded = new ArrayList<>();
				List<Double> evaluate = new ArrayList<>();
				for (int i = 0; i < runs; i++) {
					@SuppressWarnings("unchecked")
					Map<String, Object> timing = (Map<String, Object>) load(browser);
					ready.add(number(timing.get("ready")));
					domContentLoaded.add(number(timing.get("domContentLoaded")));
					evaluate.add(number(timing.get("report")));
				}
				String mode = cached ? "browser cache on " : "browser cache off";
				lines.add(mode + ": figures and chart shown (ms) " + rounded(ready) + " median " + median(ready)
						+ "; DOMContentLoaded median " + median(domContentLoaded)
						+ "; the province's Measure/$evaluate-measure request median " + median(evaluate));
			}
			assertThat(painted(browser)).as("non-transparent pixels of the chart").isGreaterThan(1000);
			browser.screenshot(screenshot);
		}
		lines.add("load average at end " + loadAverage() + "; screenshot " + screenshot);
		if (report.getParent() != null) {
			Files.createDirectories(report.getParent());
		}
		Files.write(report, lines);
	}

	/** Reloads the page and waits for it to be ready; its timings. */
	private static Object load(DashboardBrowser browser) {
		browser.driver.navigate().refresh();
		browser.waitUpTo(Duration.ofMinutes(5)).until(d -> {
			String state = d.findElement(By.tagName("body")).getAttribute("data-state");
			return state != null && !state.isEmpty();
		});
		assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-state"))
				.as(browser.driver.findElement(By.id("status")).getText()).isEqualTo("ready");
		return browser.script(TIMING);
	}

	private static long painted(DashboardBrowser browser) {
		return (Long) browser.script(
				"var c = document.getElementById('chart'); var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
						+ "var n = 0; for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } } return n;");
	}

	private static List<Long> rounded(List<Double> values) {
		return values.stream().map(Math::round).toList();
	}

	private static double number(Object value) {
		return value == null ? -1 : ((Number) value).doubleValue();
	}

	private static long median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return Math.round(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
	}

	private static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		} catch (java.io.IOException e) {
			return "unknown";
		}
	}

	private static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}
