package vn.sskdt.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which levels a load imports, and {@code --from-level} resuming one that stopped (no server needed). */
class BulkLoadLevelsTest {

	private static final List<BundleToNdjson.Output> PROVINCE = List.of(
			output(0, "Organization", 40), output(0, "Patient", 101_432),
			output(1, "Coverage", 134_997), output(1, "Immunization", 123_889),
			output(2, "Observation", 200_000), output(3, "Observation", 53_205));

	@Test
	void aWholeLoadImportsEveryLevelInOrder() throws Exception {
		assertThat(BulkLoad.levelsToImport(PROVINCE, 0)).containsOnlyKeys(0, 1, 2, 3);
		assertThat(BulkLoad.levelsToImport(PROVINCE, 0).get(0)).containsOnlyKeys("Organization", "Patient");
	}

	@Test
	void aResumedLoadImportsTheInterruptedLevelWholeAndThoseAbove() throws Exception {
		var levels = BulkLoad.levelsToImport(PROVINCE, 1);
		assertThat(levels.keySet()).containsExactly(1, 2, 3);
		assertThat(levels.get(1)).containsOnlyKeys("Coverage", "Immunization");
	}

	@Test
	void resumingAboveTheHighestLevelIsRefused() {
		assertThatThrownBy(() -> BulkLoad.levelsToImport(PROVINCE, 4)).isInstanceOf(BulkLoad.Refused.class)
				.hasMessageContaining("highest level is 3");
	}

	private static BundleToNdjson.Output output(int level, String type, long resources) {
		return new BundleToNdjson.Output(level, type, Path.of(level + "-" + type + ".ndjson"), resources);
	}
}
