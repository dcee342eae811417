package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line writes what the library writes, plain or gzipped, and refuses what it does not understand. */
class ProvinceGeneratorCliTest {

	@TempDir
	Path dir;

	@Test
	void writesBundlesAndTruthLikeTheLibrary() throws Exception {
		Generated expected = Generated.of(new ProvinceGenerator.Options(77, 300, "31", 2025, 1, java.util.List.of()));
		assertThat(ProvinceGeneratorCli.run(new String[] {"--seed", "77", "--residents", "300", "--province", "Hải Phòng", "--year", "2025",
				"--out", dir.resolve("plain").toString()})).isZero();
		assertThat(Files.readAllBytes(dir.resolve("plain/bundles.ndjson"))).isEqualTo(expected.bundleBytes);
		assertThat(Files.readAllBytes(dir.resolve("plain/truth.json"))).isEqualTo(expected.truthBytes);

		assertThat(ProvinceGeneratorCli.run(new String[] {"--seed", "77", "--residents", "300", "--province", "31", "--gzip",
				"--out", dir.resolve("gz").toString()})).isZero();
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("gz/bundles.ndjson.gz")))) {
			assertThat(in.readAllBytes()).isEqualTo(expected.bundleBytes);
		}
	}

	@Test
	void refusesWhatItDoesNotUnderstand() {
		assertThatThrownBy(() -> ProvinceGeneratorCli.run(new String[] {"--residents", "10"}))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--out");
		assertThatThrownBy(() -> ProvinceGeneratorCli.run(new String[] {"--out", dir.toString(), "--colour", "red"}))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
		assertThatThrownBy(() -> ProvinceGeneratorCli.run(new String[] {"--out", dir.toString(), "--province", "Atlantis"}))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such province");
		assertThatThrownBy(() -> ProvinceGeneratorCli.run(new String[] {"--out", dir.toString(), "--province", "46", "--communes", "10507"}))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10507");
		assertThatThrownBy(() -> ProvinceGeneratorCli.run(new String[] {"--out", dir.toString(), "--years", "0"}))
				.isInstanceOf(IllegalArgumentException.class);
	}
}
