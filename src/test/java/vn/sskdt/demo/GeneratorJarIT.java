package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The documented way to run the generator from the packaged server jar (Spring Boot's
 * PropertiesLauncher, as {@code bin/generate} does) works, without starting the server, and writes
 * the same bytes as the library.
 */
class GeneratorJarIT {

	@Test
	void runsFromThePackagedJar() throws Exception {
		Path jar = Path.of(System.getProperty("sskdt.jar", "target/sskdt-server.jar"));
		Path out = Files.createTempDirectory("sskdt-generate");
		Process process = new ProcessBuilder("java", "-Dloader.main=vn.sskdt.demo.ProvinceGeneratorCli", "-cp", jar.toString(),
				"org.springframework.boot.loader.launch.PropertiesLauncher",
				"--seed", "77", "--residents", "300", "--province", "31", "--out", out.toString())
				.redirectErrorStream(true).redirectOutput(out.resolve("log.txt").toFile()).start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String log = Files.readString(out.resolve("log.txt"));
		assertThat(process.exitValue()).as(log).isZero();
		assertThat(log).contains("300 residents").doesNotContain("Tomcat").doesNotContain("HikariPool");
		Generated expected = Generated.of(new ProvinceGenerator.Options(77, 300, "31", 2025, 1, List.of()));
		assertThat(Files.readAllBytes(out.resolve("bundles.ndjson"))).isEqualTo(expected.bundleBytes);
		assertThat(Files.readAllBytes(out.resolve("truth.json"))).isEqualTo(expected.truthBytes);
	}
}
