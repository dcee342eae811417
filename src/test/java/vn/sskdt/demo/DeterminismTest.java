package vn.sskdt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Same options, same bytes, whatever the machine's locale or time zone; another seed, another province. */
class DeterminismTest {

	private static byte[][] generate(ProvinceGenerator.Options options) throws Exception {
		ByteArrayOutputStream bundles = new ByteArrayOutputStream();
		ByteArrayOutputStream truth = new ByteArrayOutputStream();
		new ProvinceGenerator(options).write(bundles, truth);
		return new byte[][] {bundles.toByteArray(), truth.toByteArray()};
	}

	@Test
	void theSameSeedGivesByteIdenticalOutput() throws Exception {
		ProvinceGenerator.Options options = new ProvinceGenerator.Options(42, 1000, "46", 2025);
		byte[][] first = generate(options);
		Locale locale = Locale.getDefault();
		TimeZone zone = TimeZone.getDefault();
		byte[][] second;
		try {
			// a locale with its own digits and a time zone far from Vietnam's
			Locale.setDefault(Locale.forLanguageTag("ar-SA-u-nu-arab"));
			TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
			second = generate(options);
		} finally {
			Locale.setDefault(locale);
			TimeZone.setDefault(zone);
		}
		assertThat(first[0].length).isGreaterThan(1_000_000);
		assertThat(Arrays.equals(first[0], second[0])).as("bundles.ndjson identical").isTrue();
		assertThat(Arrays.equals(first[1], second[1])).as("truth.json identical").isTrue();
	}

	@Test
	void anotherSeedGivesAnotherProvince() throws Exception {
		byte[][] one = generate(new ProvinceGenerator.Options(1, 300, "46", 2025, 1, List.of()));
		byte[][] two = generate(new ProvinceGenerator.Options(2, 300, "46", 2025, 1, List.of()));
		assertThat(Arrays.equals(one[0], two[0])).isFalse();
		assertThat(Arrays.equals(one[1], two[1])).isFalse();
		// not merely shifted identifiers: the residents themselves differ
		List<String> birthDatesOne = Generated.of(new ProvinceGenerator.Options(1, 300, "46", 2025, 1, List.of())).facts().residents.values()
				.stream().map(r -> r.born.toString()).sorted().toList();
		List<String> birthDatesTwo = Generated.of(new ProvinceGenerator.Options(2, 300, "46", 2025, 1, List.of())).facts().residents.values()
				.stream().map(r -> r.born.toString()).sorted().toList();
		assertThat(birthDatesOne).isNotEqualTo(birthDatesTwo);
	}
}
