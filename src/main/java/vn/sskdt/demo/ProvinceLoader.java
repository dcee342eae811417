package vn.sskdt.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Streams the bundles of a generated province (NDJSON, plain or gzipped) into a server: each line is
 * POSTed as a transaction to {@code <base>/fhir}, with {@code Authorization: Bearer $SSKDT_TOKEN}
 * when that variable is set, by N concurrent senders.
 *
 * <p>Order is kept where it matters: the station (Organization) bundles are all stored before
 * anything else is sent, and the bundles of one resident go through the same sender in file order
 * (registration before vaccinations, death last); different residents go in parallel. A bundle that
 * fails for a transient reason (connection error, 429, 502–504) is sent again, up to 3 times, which
 * is safe because every bundle is idempotent ({@link SubmissionContract}). Every other failure is
 * reported with its line number, HTTP status and the server's first OperationOutcome message, on
 * standard error and, when asked, as NDJSON in a failures file.
 *
 * <pre>
 * java -Dloader.main=vn.sskdt.demo.ProvinceLoader -cp target/sskdt-server.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --base http://localhost:8080 --in target/province/bundles.ndjson --concurrency 4
 * </pre>
 */
public final class ProvinceLoader {

	/** A bundle the server did not store. */
	public record Failure(long line, int status, String message) {}

	/** What a load did. */
	public record Result(long sent, long stored, long failed, Duration elapsed, List<Failure> failures) {
		public double bundlesPerSecond() {
			return sent / Math.max(0.001, elapsed.toNanos() / 1e9);
		}
	}

	private static final int ATTEMPTS = 4;
	private static final int MAX_FAILURES_KEPT = 10_000;
	private static final ObjectMapper JSON = new ObjectMapper();

	private final URI endpoint;
	private final int concurrency;
	private final String token;
	private final HttpClient http;
	private final PrintStream log;
	private final Writer failuresOut;

	private final AtomicLong sent = new AtomicLong();
	private final AtomicLong stored = new AtomicLong();
	private final AtomicLong failed = new AtomicLong();
	private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

	/**
	 * @param base        server base URL ({@code http://host:8080}) or its FHIR base ({@code …/fhir})
	 * @param concurrency number of bundles in flight
	 * @param token       bearer token, or null
	 * @param log         where failures and progress are reported
	 * @param failuresOut where each failure is written as one JSON line, or null
	 */
	public ProvinceLoader(URI base, int concurrency, String token, PrintStream log, Writer failuresOut) {
		String b = base.toString().replaceAll("/+$", "");
		this.endpoint = URI.create(b.endsWith("/fhir") ? b : b + "/fhir");
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1");
		}
		this.concurrency = concurrency;
		this.token = token == null || token.isBlank() ? null : token;
		this.log = log;
		this.failuresOut = failuresOut;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
	}

	/** Sends every bundle of the NDJSON stream; returns when all are answered. */
	public Result load(InputStream ndjson) throws IOException, InterruptedException {
		long started = System.nanoTime();
		List<BlockingQueue<Item>> queues = new ArrayList<>();
		List<Thread> senders = new ArrayList<>();
		Phaser stations = new Phaser(1);
		CountDownLatch done = new CountDownLatch(concurrency);
		for (int k = 0; k < concurrency; k++) {
			BlockingQueue<Item> queue = new ArrayBlockingQueue<>(64);
			queues.add(queue);
			Thread sender = new Thread(() -> {
				try {
					for (Item item; (item = queue.take()) != Item.END; ) {
						send(item);
						if (item.station) {
							stations.arriveAndDeregister();
						}
					}
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				} finally {
					done.countDown();
				}
			}, "province-loader-" + k);
			sender.setDaemon(true);
			sender.start();
			senders.add(sender);
		}
		long lastReport = System.nanoTime();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(ndjson, StandardCharsets.UTF_8), 1 << 16)) {
			long lineNumber = 0;
			int roundRobin = 0;
			boolean stationsDone = false;
			for (String line; (line = reader.readLine()) != null; ) {
				lineNumber++;
				if (line.isBlank()) {
					continue;
				}
				String resident = residentOf(line);
				if (resident == null) { // a station: before anything that may refer to it
					if (stationsDone) {
						throw new IllegalArgumentException("line " + lineNumber + ": a station bundle after the residents' bundles");
					}
					stations.register();
					queues.get(roundRobin++ % concurrency).put(new Item(lineNumber, line, true));
					continue;
				}
				if (!stationsDone) {
					stations.arriveAndAwaitAdvance();
					stationsDone = true;
					if (failed.get() > 0) {
						log.println("load: stopping, the stations were not all stored");
						break;
					}
				}
				queues.get(Math.floorMod(resident.hashCode(), concurrency)).put(new Item(lineNumber, line, false));
				if (System.nanoTime() - lastReport > 10_000_000_000L) {
					lastReport = System.nanoTime();
					progress(started);
				}
			}
		} finally {
			for (BlockingQueue<Item> queue : queues) {
				queue.put(Item.END);
			}
			done.await();
		}
		Result result = new Result(sent.get(), stored.get(), failed.get(), Duration.ofNanos(System.nanoTime() - started), List.copyOf(failures));
		progress(started);
		return result;
	}

	private void progress(long started) {
		double seconds = (System.nanoTime() - started) / 1e9;
		log.printf(Locale.ROOT, "load: %,d bundles sent, %,d stored, %,d failed, %.1f bundles/s%n", sent.get(), stored.get(), failed.get(),
				sent.get() / Math.max(0.001, seconds));
	}

	/** The personal ID in the first entry's conditional URL, or null for a bundle without a resident. */
	static String residentOf(String line) {
		String marker = "\"url\":\"Patient?identifier=";
		int at = line.indexOf(marker);
		if (at < 0) {
			return null;
		}
		int end = line.indexOf('"', at + marker.length());
		return line.substring(at + marker.length(), end);
	}

	private void send(Item item) throws InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
				.timeout(Duration.ofMinutes(2))
				.header("Content-Type", "application/fhir+json; charset=utf-8")
				.header("Accept", "application/fhir+json")
				.header("Prefer", "return=minimal")
				.POST(HttpRequest.BodyPublishers.ofString(item.line, StandardCharsets.UTF_8));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		sent.incrementAndGet();
		int status = 0;
		String message = null;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try {
				HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				status = response.statusCode();
				if (status >= 200 && status < 300) {
					stored.incrementAndGet();
					return;
				}
				message = outcomeMessage(response.body());
				if (status != 429 && status != 502 && status != 503 && status != 504) {
					break;
				}
			} catch (HttpTimeoutException e) {
				status = 0;
				message = "no answer within 2 minutes";
			} catch (IOException e) {
				status = 0;
				message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
			}
			if (attempt < ATTEMPTS) {
				Thread.sleep(500L << attempt);
			}
		}
		fail(new Failure(item.lineNumber, status, message));
	}

	private void fail(Failure failure) {
		long n = failed.incrementAndGet();
		if (n <= MAX_FAILURES_KEPT) {
			failures.add(failure);
		}
		if (n <= 100) {
			log.println("load: line " + failure.line() + ": " + (failure.status() == 0 ? "no HTTP answer" : "HTTP " + failure.status()) + ": "
					+ failure.message());
		} else if (n == 101) {
			log.println("load: more failures; see the failures file");
		}
		if (failuresOut != null) {
			try {
				synchronized (failuresOut) {
					failuresOut.write(JSON.createObjectNode().put("line", failure.line()).put("status", failure.status())
							.put("message", failure.message()).toString() + "\n");
					failuresOut.flush();
				}
			} catch (IOException e) {
				log.println("load: cannot write the failures file: " + e.getMessage());
			}
		}
	}

	/** The diagnostics of the first issues of an OperationOutcome, else the start of the body. */
	static String outcomeMessage(String body) {
		try {
			JsonNode outcome = JSON.readTree(body);
			List<String> issues = new ArrayList<>();
			for (JsonNode issue : outcome.path("issue")) {
				String where = issue.path("expression").path(0).asText("");
				issues.add((where.isEmpty() ? "" : where + ": ") + issue.path("diagnostics").asText(issue.path("code").asText()));
				if (issues.size() == 3) {
					break;
				}
			}
			if (!issues.isEmpty()) {
				return String.join(" | ", issues);
			}
		} catch (IOException | RuntimeException notJson) {
			// fall through
		}
		return body == null ? "" : body.substring(0, Math.min(300, body.length()));
	}

	private record Item(long lineNumber, String line, boolean station) {
		static final Item END = new Item(-1, "", false);
	}

	// ------------------------------------------------------------------ command line

	static final String USAGE = """
			usage: load --in FILE|- [--base URL] [--concurrency N] [--failures FILE]
			  --in           bundles.ndjson or bundles.ndjson.gz written by generate ('-' = standard input)
			  --base         server base URL (default http://localhost:8080); bundles go to <base>/fhir
			  --concurrency  bundles in flight (default 4)
			  --failures     write each failed bundle's line number, status and message there (NDJSON)
			with Authorization: Bearer $SSKDT_TOKEN when SSKDT_TOKEN is set; exit status 1 when a bundle failed
			""";

	public static void main(String[] args) throws Exception {
		try {
			System.exit(run(args));
		} catch (IllegalArgumentException e) {
			System.err.println("load: " + e.getMessage());
			System.err.print(USAGE);
			System.exit(2);
		}
	}

	static int run(String[] args) throws IOException, InterruptedException {
		String base = "http://localhost:8080";
		String in = null;
		int concurrency = 4;
		Path failuresFile = null;
		for (int k = 0; k < args.length; k++) {
			switch (args[k]) {
				case "--base" -> base = value(args, ++k);
				case "--in" -> in = value(args, ++k);
				case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++k));
				case "--failures" -> failuresFile = Path.of(value(args, ++k));
				case "-h", "--help" -> {
					System.out.print(USAGE);
					return 0;
				}
				default -> throw new IllegalArgumentException("unknown argument " + args[k]);
			}
		}
		if (in == null) {
			throw new IllegalArgumentException("--in FILE is required");
		}
		InputStream input = in.equals("-") ? System.in : Files.newInputStream(Path.of(in));
		if (in.endsWith(".gz")) {
			input = new GZIPInputStream(input, 1 << 16);
		}
		Writer failures = failuresFile == null ? null : Files.newBufferedWriter(failuresFile);
		try {
			Result result = new ProvinceLoader(URI.create(base), concurrency, System.getenv("SSKDT_TOKEN"), System.err, failures).load(input);
			System.err.printf(Locale.ROOT, "load: done in %.1f s: %,d stored, %,d failed%n", result.elapsed().toNanos() / 1e9, result.stored(),
					result.failed());
			return result.failed() == 0 ? 0 : 1;
		} finally {
			input.close();
			if (failures != null) {
				failures.close();
			}
		}
	}

	private static String value(String[] args, int k) {
		if (k >= args.length) {
			throw new IllegalArgumentException(args[k - 1] + " needs a value");
		}
		return args[k];
	}
}
