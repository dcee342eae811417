import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import vn.sskdt.profiles.ProfileValidators;

/**
 * The validator of writes alone, in one JVM, without the server: how much CPU the validation of a
 * check-up transaction costs, in rounds, after a warm-up. Run by bench/validation-core.sh (Java 17
 * single-file program, on the server's classpath).
 *   ValidationProbe <bundle-dir> <warmup> <per-round> <rounds> <threads>
 * Prints, per round, the validating threads' CPU per bundle (median of the rounds at the end), and the
 * number of error messages met (0 for the generated bundles: a change that makes the validator say
 * something else shows here).
 */
public class ValidationProbe {

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		int warmup = Integer.parseInt(args[1]);
		int perRound = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		int threads = Integer.parseInt(args[4]);
		FhirContext fhir = FhirContext.forR4Cached();
		long loading = System.nanoTime();
		FhirValidator validator = ProfileValidators.newValidator(fhir, ProfileValidators.loadPackage(fhir, "classpath:fhir/package.tgz"));
		List<Bundle> bundles = new ArrayList<>();
		try (var files = Files.list(dir)) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("checkup-")).sorted().toList()) {
				bundles.add(fhir.newJsonParser().parseResource(Bundle.class, Files.readString(file)));
			}
		}
		if (bundles.size() < warmup + perRound) {
			throw new IllegalArgumentException("need " + (warmup + perRound) + " bundles in " + dir);
		}
		System.out.printf("loaded the package and %d bundles in %d ms%n", bundles.size(), (System.nanoTime() - loading) / 1_000_000);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
		AtomicLong errors = new AtomicLong();
		run(pool, threads, bundles.subList(0, warmup), validator, fhir, cpu, errors);
		System.out.printf("warm-up: %d bundles, %d errors%n", warmup, errors.getAndSet(0));
		double[] perBundle = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			int from = warmup + (round * perRound) % (bundles.size() - warmup - perRound + 1);
			long wall = System.nanoTime();
			long nanos = run(pool, threads, bundles.subList(from, from + perRound), validator, fhir, cpu, errors);
			perBundle[round] = nanos / 1e6 / perRound;
			System.out.printf("round %d: %d bundles, validating CPU %.1f ms per bundle, wall %.1f ms per bundle, %d errors%n",
					round + 1, perRound, perBundle[round], (System.nanoTime() - wall) / 1e6 / perRound, errors.getAndSet(0));
		}
		Arrays.sort(perBundle);
		System.out.printf("validating CPU per bundle: median %.1f ms, lowest %.1f ms (%d rounds of %d, %d threads)%n",
				rounds % 2 == 1 ? perBundle[rounds / 2] : (perBundle[rounds / 2 - 1] + perBundle[rounds / 2]) / 2,
				perBundle[0], rounds, perRound, threads);
		pool.shutdown();
	}

	/** Validates the bundles on the pool's threads; returns the CPU time they took, in ns. */
	private static long run(ExecutorService pool, int threads, List<Bundle> bundles, FhirValidator validator, FhirContext fhir,
			ThreadMXBean cpu, AtomicLong errors) throws Exception {
		List<Future<Long>> parts = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int first = t;
			parts.add(pool.submit(() -> {
				long start = cpu.getCurrentThreadCpuTime();
				for (int i = first; i < bundles.size(); i += threads) {
					for (SingleValidationMessage message : ProfileValidators.validateTransaction(validator, fhir, bundles.get(i))) {
						if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
							errors.incrementAndGet();
						}
					}
				}
				return cpu.getCurrentThreadCpuTime() - start;
			}));
		}
		long total = 0;
		for (Future<Long> part : parts) {
			total += part.get();
		}
		return total;
	}
}
