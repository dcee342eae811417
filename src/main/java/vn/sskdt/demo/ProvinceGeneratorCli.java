package vn.sskdt.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Command line of the synthetic province generator:
 *
 * <pre>
 * bin/generate --seed 42 --residents 100000 --province 46 --year 2025 --out target/province
 * </pre>
 *
 * writes {@code DIR/bundles.ndjson} (or {@code .ndjson.gz} with {@code --gzip}) and {@code DIR/truth.json}.
 * See docs/synthetic-province.md.
 */
public final class ProvinceGeneratorCli {

	private ProvinceGeneratorCli() {}

	static final String USAGE = """
			usage: generate --out DIR [--seed N] [--residents N] [--province CODE|NAME] [--year YYYY]
			                [--years K] [--communes CODE,CODE…] [--gzip]
			  --seed       seed of everything (default 1); same options, same bytes
			  --residents  residents on 1 January of the first year (default 1000)
			  --province   2-digit code or part of the name (default 46, Thành phố Huế)
			  --year       last simulated year (default 2025; later years hold dates the server may
			               still find in the future)
			  --years      number of simulated years ending with --year (default 1)
			  --communes   only these communes of the province (5-digit codes)
			  --gzip       write bundles.ndjson.gz
			writes DIR/bundles.ndjson (transaction Bundles, one per line, in order of submission) and DIR/truth.json
			""";

	public static void main(String[] args) throws IOException {
		try {
			System.exit(run(args));
		} catch (IllegalArgumentException e) {
			System.err.println("generate: " + e.getMessage());
			System.err.print(USAGE);
			System.exit(2);
		}
	}

	static int run(String[] args) throws IOException {
		long seed = 1;
		int residents = 1000;
		String province = "46";
		int year = 2025;
		int years = 1;
		List<String> communes = new ArrayList<>();
		Path out = null;
		boolean gzip = false;
		for (int k = 0; k < args.length; k++) {
			String arg = args[k];
			switch (arg) {
				case "--seed" -> seed = Long.parseLong(value(args, ++k, arg));
				case "--residents" -> residents = Integer.parseInt(value(args, ++k, arg).replace("_", ""));
				case "--province" -> province = value(args, ++k, arg);
				case "--year" -> year = Integer.parseInt(value(args, ++k, arg));
				case "--years" -> years = Integer.parseInt(value(args, ++k, arg));
				case "--communes" -> communes.addAll(Arrays.asList(value(args, ++k, arg).split(",")));
				case "--out" -> out = Path.of(value(args, ++k, arg));
				case "--gzip" -> gzip = true;
				case "-h", "--help" -> {
					System.out.print(USAGE);
					return 0;
				}
				default -> throw new IllegalArgumentException("unknown argument " + arg);
			}
		}
		if (out == null) {
			throw new IllegalArgumentException("--out DIR is required");
		}
		ProvinceGenerator generator = new ProvinceGenerator(
				new ProvinceGenerator.Options(seed, residents, province, year, years, communes));
		Files.createDirectories(out);
		Path bundles = out.resolve(gzip ? "bundles.ndjson.gz" : "bundles.ndjson");
		Path truth = out.resolve("truth.json");
		long started = System.nanoTime();
		long[] lastReport = {started};
		ProvinceGenerator.Summary summary;
		try (OutputStream file = Files.newOutputStream(bundles);
				OutputStream buffered = new BufferedOutputStream(gzip ? new FastGzip(file) : file, 1 << 20);
				OutputStream truthFile = new BufferedOutputStream(Files.newOutputStream(truth))) {
			summary = generator.write(buffered, truthFile, written -> {
				long now = System.nanoTime();
				if (now - lastReport[0] > 10_000_000_000L) {
					lastReport[0] = now;
					System.err.printf(Locale.ROOT, "generate: %,d bundles written (%.0f s)%n", written, (now - started) / 1e9);
				}
			});
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.err.printf(Locale.ROOT, "generate: %s, %d residents on 1 January %d, %d births, %d deaths%n",
				generator.province().name(), summary.initialResidents(), year - years + 1, summary.births(), summary.deaths());
		System.err.printf(Locale.ROOT, "generate: %,d bundles %s, %,d resources %s%n", summary.bundles(), summary.bundlesByKind(),
				summary.resources(), summary.resourcesByType());
		System.err.printf(Locale.ROOT, "generate: %s (%,d bytes) and %s in %.1f s%n", bundles, Files.size(bundles), truth, seconds);
		return 0;
	}

	/** gzip at the fastest level: about 12x smaller than the NDJSON, at a fraction of the default level's cost. */
	static final class FastGzip extends GZIPOutputStream {
		FastGzip(OutputStream out) throws IOException {
			super(out, 1 << 16);
			def.setLevel(java.util.zip.Deflater.BEST_SPEED);
		}
	}

	private static String value(String[] args, int k, String name) {
		if (k >= args.length) {
			throw new IllegalArgumentException(name + " needs a value");
		}
		return args[k];
	}
}
