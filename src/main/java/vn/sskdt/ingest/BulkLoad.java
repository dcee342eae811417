package vn.sskdt.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The bulk path of an initial load (docs/bulk-load.md): check-up Bundles → NDJSON files per level and
 * type ({@link BundleToNdjson}) → one HAPI {@code $import} job per level, the files served by a
 * short-lived file server ({@link NdjsonFileServer}), each job polled to its end before the next level
 * starts ({@link BulkImportClient}). Everything goes through the server's public API with the caller's
 * token; the server stores through its DAOs, so indicator facts are maintained as for any write.
 *
 * <pre>
 * SSKDT_TOKEN=… SSKDT_BULK_ID_KEY=… java -Dloader.main=vn.sskdt.ingest.BulkLoad -cp target/sskdt-server.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --base http://localhost:8080 --in bundles.ndjson
 * </pre>
 */
public final class BulkLoad {

	/**
	 * What a load did. {@code resourcesByType}: every resource converted; {@code imported}: those of the
	 * levels imported by this run (all of them unless it resumed with {@code --from-level}).
	 */
	record Result(long bundles, List<BundleToNdjson.Rejected> rejected, Map<String, Long> resourcesByType, long imported,
			int jobs, Duration converting, Duration importing) {
		long resources() {
			return resourcesByType.values().stream().mapToLong(Long::longValue).sum();
		}
	}

	/** The load stopped: nothing more was imported after the reason. */
	static final class Refused extends Exception {
		Refused(String message) {
			super(message);
		}
	}

	private final FhirContext fhirContext = FhirContext.forR4Cached();
	private final URI fhirBase;
	private final Supplier<String> token;
	private final BulkIds ids;
	private final Path work;
	private final String serveHost;
	private final int servePort;
	private final int batchSize;
	private final Duration pollEvery;
	private final PrintStream log;
	private int fromLevel;

	BulkLoad(URI base, Supplier<String> token, String idKey, Path work, String serveHost, int servePort, int batchSize,
			Duration pollEvery, PrintStream log) {
		String b = base.toString().replaceAll("/+$", "");
		this.fhirBase = URI.create(b.endsWith("/fhir") ? b : b + "/fhir");
		this.token = token;
		this.ids = new BulkIds(idKey);
		this.work = work;
		this.serveHost = serveHost;
		this.servePort = servePort;
		this.batchSize = batchSize;
		this.pollEvery = pollEvery;
		this.log = log;
	}

	/**
	 * Resume a load that stopped part-way: the levels below {@code level} are converted (their ids are
	 * needed) but not imported again, since an earlier run with the same input and key stored them. If
	 * it did not, the first level imported fails on its references to them and nothing more is imported.
	 * The level that was interrupted is imported whole; what it had stored is rewritten unchanged.
	 */
	BulkLoad fromLevel(int level) {
		this.fromLevel = level;
		return this;
	}

	/** The levels to import, lowest first: those from {@link #fromLevel} up. */
	static SortedMap<Integer, Map<String, List<BundleToNdjson.Output>>> levelsToImport(List<BundleToNdjson.Output> outputs,
			int fromLevel) throws Refused {
		SortedMap<Integer, Map<String, List<BundleToNdjson.Output>>> byLevel = new TreeMap<>();
		for (BundleToNdjson.Output output : outputs) {
			byLevel.computeIfAbsent(output.level(), l -> new TreeMap<>()).computeIfAbsent(output.type(), t -> new ArrayList<>()).add(output);
		}
		if (fromLevel > 0 && (byLevel.isEmpty() || byLevel.lastKey() < fromLevel)) {
			throw new Refused("--from-level " + fromLevel + ": this load's highest level is "
					+ (byLevel.isEmpty() ? "none" : byLevel.lastKey()) + ", nothing to import");
		}
		return byLevel.tailMap(fromLevel);
	}

	Result load(InputStream bundles) throws IOException, InterruptedException, Refused {
		long started = System.nanoTime();
		ServerRecords server = new ServerRecords(fhirBase, token);
		BundleToNdjson converter = new BundleToNdjson(fhirContext, ids, server::station, work);
		List<BundleToNdjson.Output> outputs = converter.convert(bundles);
		for (BundleToNdjson.Rejected rejected : converter.rejected()) {
			log.println("line " + rejected.line() + " not loaded: " + rejected.reason());
		}
		Map<String, Long> byType = new TreeMap<>();
		outputs.forEach(o -> byType.merge(o.type(), o.resources(), Long::sum));
		log.printf(Locale.ROOT, "converted %d bundles into %d resources (%s) in %d files; %d bundles not loaded%n",
				converter.bundles(), byType.values().stream().mapToLong(Long::longValue).sum(), byType, outputs.size(),
				converter.rejected().size());

		long elsewhere = server.residentsStoredElsewhere(converter.personalIds());
		if (elsewhere > 0) {
			throw new Refused(elsewhere + " residents of this load are already stored under other ids (submitted over"
					+ " REST?): importing would give them a second health book. Submit their bundles over REST instead.");
		}
		Duration converting = Duration.ofNanos(System.nanoTime() - started);

		long importStarted = System.nanoTime();
		SortedMap<Integer, Map<String, List<BundleToNdjson.Output>>> byLevel = levelsToImport(outputs, fromLevel);
		if (fromLevel > 0) {
			Map<Integer, Set<String>> skipped = new TreeMap<>();
			outputs.stream().filter(o -> o.level() < fromLevel)
					.forEach(o -> skipped.computeIfAbsent(o.level(), l -> new TreeSet<>()).add(o.type()));
			log.printf(Locale.ROOT, "--from-level %d: levels %s not imported (stored by an earlier run with this input and key)%n",
					fromLevel, skipped);
		}
		long imported = byLevel.values().stream().flatMap(types -> types.values().stream()).flatMap(List::stream)
				.mapToLong(BundleToNdjson.Output::resources).sum();
		BulkImportClient client = new BulkImportClient(fhirContext, fhirBase, token, pollEvery);
		try (NdjsonFileServer files = new NdjsonFileServer(work, serveHost, servePort)) {
			for (Map.Entry<Integer, Map<String, List<BundleToNdjson.Output>>> level : byLevel.entrySet()) {
				long levelStarted = System.nanoTime();
				Map<String, List<String>> urls = new TreeMap<>();
				level.getValue().forEach((type, files1) -> urls.put(type, files1.stream().map(o -> files.urlOf(o.file())).toList()));
				BulkImportClient.Outcome outcome = client.importAndWait(urls, files.credentials(), batchSize);
				if (!outcome.succeeded()) {
					throw new Refused("the $import of level " + level.getKey() + " " + urls.keySet()
							+ " failed; higher levels were not imported. The server's report:\n" + outcome.report());
				}
				log.printf(Locale.ROOT, "level %d %s imported in %.1f s%n", level.getKey(), urls.keySet(),
						(System.nanoTime() - levelStarted) / 1e9);
			}
		}
		return new Result(converter.bundles(), converter.rejected(), byType, imported, byLevel.size(), converting,
				Duration.ofNanos(System.nanoTime() - importStarted));
	}

	static final String USAGE = """
			usage: bulk-load --base URL --in FILE [--work DIR] [--serve-host HOST] [--serve-port N] [--batch N] [--poll S]
			                 [--from-level N]
			  --base        the server (http://host:8080) or its FHIR base (…/fhir)
			  --in          transaction Bundles, one per line (.gz read as such; - for standard input)
			  --work        where the NDJSON files are written (default: a new temporary directory)
			  --serve-host  address the NDJSON files are served on; the server must reach it (default 127.0.0.1)
			  --serve-port  port of that file server (default: any free port)
			  --batch       resources per database transaction of the import job (default 800, HAPI's)
			  --poll        seconds between two job status polls (default 5)
			  --from-level  resume a load that stopped at level N: convert everything, import levels N and up only
			                (the lower ones must be stored by an earlier run with the same input and key)
			  --token-url   token endpoint: a token is fetched there and renewed (client credentials of
			                SSKDT_CLIENT_ID and SSKDT_CLIENT_SECRET); without it, SSKDT_TOKEN is used as is
			  --scope       scope asked at --token-url (default system/*.cruds)
			environment: SSKDT_TOKEN (bearer token of a system or admin account with write scopes on every type),
			             SSKDT_BULK_ID_KEY (secret of at least 16 characters the resource ids are made with;
			             keep it: a second run of the same data with the same key updates instead of doubling)
			""";

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new TreeMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				usage("bad argument " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		if (!options.containsKey("base") || !options.containsKey("in")) {
			usage("--base and --in are required");
		}
		String key = System.getenv("SSKDT_BULK_ID_KEY");
		if (key == null || key.length() < 16) {
			usage("set SSKDT_BULK_ID_KEY to a secret of at least 16 characters");
		}
		Path work = options.containsKey("work") ? Path.of(options.get("work")) : Files.createTempDirectory("sskdt-bulk");
		Supplier<String> token = options.containsKey("token-url")
				? AccessToken.clientCredentials(URI.create(options.get("token-url")), System.getenv("SSKDT_CLIENT_ID"),
						System.getenv("SSKDT_CLIENT_SECRET"), options.getOrDefault("scope", "system/*.cruds"))
				: AccessToken.fixed(System.getenv("SSKDT_TOKEN"));
		BulkLoad load = new BulkLoad(URI.create(options.get("base")), token, key, work,
				options.getOrDefault("serve-host", "127.0.0.1"), Integer.parseInt(options.getOrDefault("serve-port", "0")),
				Integer.parseInt(options.getOrDefault("batch", "800")),
				Duration.ofSeconds(Long.parseLong(options.getOrDefault("poll", "5"))), System.err);
		int fromLevel = Integer.parseInt(options.getOrDefault("from-level", "0"));
		if (fromLevel < 0) {
			usage("--from-level must be 0 or more");
		}
		load.fromLevel(fromLevel);
		String in = options.get("in");
		try (InputStream raw = "-".equals(in) ? System.in : Files.newInputStream(Path.of(in));
				InputStream bundles = in.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
			Result result = load.load(bundles);
			double seconds = (result.converting().toNanos() + result.importing().toNanos()) / 1e9;
			System.out.printf(Locale.ROOT,
					"bundles=%d not_loaded=%d resources=%d imported=%d jobs=%d convert_s=%.1f import_s=%.1f total_s=%.1f"
							+ " resources_per_s=%.1f import_resources_per_s=%.1f%n",
					result.bundles(), result.rejected().size(), result.resources(), result.imported(), result.jobs(),
					result.converting().toNanos() / 1e9, result.importing().toNanos() / 1e9, seconds, result.imported() / seconds,
					result.imported() / (result.importing().toNanos() / 1e9));
			if (!result.rejected().isEmpty()) {
				System.exit(1); // the rest is stored; the lines are listed on standard error
			}
		} catch (Refused refused) {
			System.err.println("bulk-load: " + refused.getMessage());
			System.exit(3);
		} catch (IOException | RuntimeException | InterruptedException failed) {
			// not 1 (some bundles left out, the rest stored), which an uncaught exception would give
			System.err.println("bulk-load: the load stopped: " + failed);
			failed.printStackTrace();
			System.exit(3);
		}
	}

	private static void usage(String problem) {
		System.err.println("bulk-load: " + problem);
		System.err.print(USAGE);
		System.exit(2);
	}
}
