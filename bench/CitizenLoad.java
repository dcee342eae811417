import java.io.IOException;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for bench/citizen.sh: citizens sign in through the server's local sign-in (authorization
 * code + PKCE, app sskdt-citizen-app, the same steps as a browser) and call a Patient operation on a
 * book they may open. One line per request to the output file, percentiles on stdout.
 *
 * <pre>
 * java bench/CitizenLoad.java BASE USERS_TSV OPERATION CONCURRENCY REQUESTS WARMUP OUT_FILE [SEED]
 *   BASE        e.g. http://127.0.0.1:18500 (the FHIR base is BASE/fhir)
 *   USERS_TSV   username TAB password TAB Patient id (the book that user opens)
 *   OPERATION   summary | immds-forecast (called as GET BASE/fhir/Patient/{id}/$OPERATION)
 *   REQUESTS    timed requests, spread over the users in a shuffled round robin
 *   WARMUP      untimed requests first, at the same concurrency
 * </pre>
 * Single-file source program (Java 17, no dependencies); not part of the server or its tests.
 */
public class CitizenLoad {

	static final String CLIENT = "sskdt-citizen-app";
	static final String REDIRECT = "http://127.0.0.1/callback";
	static final String SCOPE = "openid patient/*.rs";

	record User(String name, String password, String patient) {}

	record Sample(long startNanos, long nanos, int status, int bytes, String patient) {}

	public static void main(String[] args) throws Exception {
		if (args.length < 7) {
			System.err.println("usage: java CitizenLoad.java BASE USERS_TSV OPERATION CONCURRENCY REQUESTS WARMUP OUT_FILE [SEED]");
			System.exit(2);
		}
		String base = args[0].replaceAll("/+$", "");
		List<User> users = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[1]))) {
			String[] f = line.split("\t");
			if (f.length == 3) {
				users.add(new User(f[0], f[1], f[2]));
			}
		}
		String operation = args[2];
		int concurrency = Integer.parseInt(args[3]);
		int requests = Integer.parseInt(args[4]);
		int warmup = Integer.parseInt(args[5]);
		Path out = Path.of(args[6]);
		long seed = args.length > 7 ? Long.parseLong(args[7]) : 42;

		HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
				.executor(Executors.newFixedThreadPool(Math.max(4, concurrency))).build();

		// 1. every user signs in (not timed; tokens live 15 minutes, so one run of the driver is one phase)
		long signInStart = System.nanoTime();
		Map<String, String> tokens = new ConcurrentHashMap<>();
		AtomicInteger retries = new AtomicInteger();
		ExecutorService signIns = Executors.newFixedThreadPool(4);
		List<Future<?>> pending = new ArrayList<>();
		for (User user : users) {
			pending.add(signIns.submit(() -> {
				// Spring Authorization Server's InMemoryOAuth2AuthorizationService (the local sign-in's) is not
				// safe for concurrent token requests: one in a few hundred fails with a
				// ConcurrentModificationException (HTTP 401); such a sign-in is simply tried again
				for (int attempt = 1; ; attempt++) {
					try {
						tokens.put(user.name(), signIn(base, user));
						return null;
					} catch (IllegalStateException e) {
						if (attempt == 5) {
							throw e;
						}
						retries.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> f : pending) {
			try {
				f.get();
			} catch (Exception e) {
				e.printStackTrace();
				System.exit(1);
			}
		}
		signIns.shutdown();
		System.out.printf("signed in %d citizens in %.1f s (%d sign-ins tried again)%n", tokens.size(),
				(System.nanoTime() - signInStart) / 1e9, retries.get());

		// 2. the request order: users shuffled, repeated as often as needed
		List<User> order = new ArrayList<>();
		Random random = new Random(seed);
		while (order.size() < warmup + requests) {
			List<User> round = new ArrayList<>(users);
			Collections.shuffle(round, random);
			order.addAll(round);
		}

		String loadBefore = loadAverage();
		List<Sample> warm = run(api, base, operation, tokens, order.subList(0, warmup), concurrency);
		long errorsWarm = warm.stream().filter(s -> s.status() != 200).count();
		System.out.printf("warm-up: %d requests, %d not 200%n", warm.size(), errorsWarm);

		String loadStart = loadAverage();
		LoadSampler sampler = new LoadSampler();
		sampler.start();
		double[] cpu0 = cpuMillis();
		long t0 = System.nanoTime();
		List<Sample> timed = run(api, base, operation, tokens, order.subList(warmup, warmup + requests), concurrency);
		double wall = (System.nanoTime() - t0) / 1e9;
		double[] cpu1 = cpuMillis();
		sampler.interrupt();
		sampler.join();
		String loadEnd = loadAverage();

		try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
			w.println("start_ms\tlatency_ms\tstatus\tbytes\tpatient");
			for (Sample s : timed) {
				w.printf("%.1f\t%.2f\t%d\t%d\t%s%n", (s.startNanos() - t0) / 1e6, s.nanos() / 1e6, s.status(), s.bytes(), s.patient());
			}
		}
		Map<Integer, Integer> statuses = new TreeMap<>();
		timed.forEach(s -> statuses.merge(s.status(), 1, Integer::sum));
		double[] ms = timed.stream().filter(s -> s.status() == 200).mapToDouble(s -> s.nanos() / 1e6).sorted().toArray();
		double meanBytes = timed.stream().filter(s -> s.status() == 200).mapToInt(Sample::bytes).average().orElse(0);
		System.out.printf("RESULT op=%s concurrency=%d requests=%d ok=%d statuses=%s wall=%.1fs throughput=%.2f/s "
						+ "p50=%.0fms p95=%.0fms p99=%.0fms max=%.0fms mean=%.0fms mean_bytes=%.0f "
						+ "load_before_warmup=[%s] load_start=[%s] load_end=[%s] load1_during_min=%.2f load1_during_max=%.2f load1_during_mean=%.2f%n",
				operation, concurrency, requests, ms.length, statuses, wall, timed.size() / wall,
				pct(ms, 50), pct(ms, 95), pct(ms, 99), ms.length == 0 ? Double.NaN : ms[ms.length - 1],
				Arrays.stream(ms).average().orElse(Double.NaN), meanBytes,
				loadBefore, loadStart, loadEnd, sampler.min(), sampler.max(), sampler.mean());
		// CPU per timed request: what the latency would be made of on a machine of our own, whatever the
		// other tenants of this one take (the load average says how many threads were competing)
		System.out.printf("CPU op=%s concurrency=%d server_ms_per_request=%.2f database_ms_per_request=%.2f driver_ms_per_request=%.2f%n",
				operation, concurrency, (cpu1[0] - cpu0[0]) / timed.size(), (cpu1[1] - cpu0[1]) / timed.size(),
				(cpu1[2] - cpu0[2]) / timed.size());
		System.exit(0);
	}

	/**
	 * CPU milliseconds used so far by the server JVM (env SERVER_PID), by its PostgreSQL (env
	 * DATABASE_PID, the postmaster, with its backends), and by this driver; NaN where unknown.
	 */
	static double[] cpuMillis() {
		return new double[] {treeCpu("SERVER_PID", false), treeCpu("DATABASE_PID", true), cpu(ProcessHandle.current())};
	}

	static double treeCpu(String variable, boolean withDescendants) {
		String pid = System.getenv(variable);
		if (pid == null || pid.isBlank()) {
			return Double.NaN;
		}
		return ProcessHandle.of(Long.parseLong(pid.trim())).map(process -> cpu(process) + (withDescendants
				? process.descendants().mapToDouble(CitizenLoad::cpu).filter(d -> !Double.isNaN(d)).sum() : 0))
				.orElse(Double.NaN);
	}

	static double cpu(ProcessHandle process) {
		return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
	}

	static List<Sample> run(HttpClient api, String base, String operation, Map<String, String> tokens,
			List<User> order, int concurrency) throws Exception {
		List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(concurrency);
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			done.add(workers.submit(() -> {
				for (int i = next.getAndIncrement(); i < order.size(); i = next.getAndIncrement()) {
					User user = order.get(i);
					HttpRequest request = HttpRequest.newBuilder(
									URI.create(base + "/fhir/Patient/" + user.patient() + "/$" + operation))
							.header("Authorization", "Bearer " + tokens.get(user.name()))
							.header("Accept", "application/fhir+json")
							.timeout(Duration.ofSeconds(120))
							.GET().build();
					long start = System.nanoTime();
					int status;
					int bytes;
					try {
						HttpResponse<byte[]> response = api.send(request, HttpResponse.BodyHandlers.ofByteArray());
						status = response.statusCode();
						bytes = response.body().length;
					} catch (IOException e) {
						status = -1;
						bytes = 0;
					}
					samples.add(new Sample(start, System.nanoTime() - start, status, bytes, user.patient()));
				}
				return null;
			}));
		}
		for (Future<?> f : done) {
			f.get();
		}
		workers.shutdown();
		List<Sample> sorted = new ArrayList<>(samples);
		sorted.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
		return sorted;
	}

	/** Nearest-rank percentile of sorted values. */
	static double pct(double[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static String loadAverage() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return f[0] + " " + f[1] + " " + f[2];
		} catch (IOException e) {
			return "?";
		}
	}

	/** The 1-minute load average every 5 s while the timed requests run. */
	static class LoadSampler extends Thread {
		final List<Double> values = Collections.synchronizedList(new ArrayList<>());

		LoadSampler() {
			setDaemon(true);
		}

		@Override
		public void run() {
			try {
				while (true) {
					values.add(Double.parseDouble(loadAverage().split(" ")[0]));
					Thread.sleep(5000);
				}
			} catch (InterruptedException | RuntimeException e) {
				// stop
			}
		}

		double min() { return values.stream().mapToDouble(d -> d).min().orElse(Double.NaN); }
		double max() { return values.stream().mapToDouble(d -> d).max().orElse(Double.NaN); }
		double mean() { return values.stream().mapToDouble(d -> d).average().orElse(Double.NaN); }
	}

	/** Authorization code with PKCE through the sign-in form, as a browser would; returns the access token. */
	static String signIn(String base, User user) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
				MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		String authorize = base + "/oauth2/authorize?response_type=code&client_id=" + CLIENT + "&scope=" + enc(SCOPE)
				+ "&redirect_uri=" + enc(REDIRECT) + "&state=s1&code_challenge=" + challenge + "&code_challenge_method=S256";
		get(browser, authorize); // no session yet: to the sign-in form
		String form = get(browser, base + "/login").body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token in the sign-in form");
		}
		HttpResponse<String> afterLogin = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("username=" + enc(user.name()) + "&password=" + enc(user.password())
						+ "&_csrf=" + enc(csrf.group(1))))
				.build(), HttpResponse.BodyHandlers.ofString());
		String next = afterLogin.headers().firstValue("Location").orElse("");
		if (next.contains("error")) {
			throw new IllegalStateException("sign-in refused for " + user.name());
		}
		String callback = get(browser, next.startsWith("http") ? next : base + next).headers().firstValue("Location").orElse("");
		if (!callback.startsWith(REDIRECT + "?code=")) {
			throw new IllegalStateException("no authorization code for " + user.name() + ": " + callback);
		}
		String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
		HttpResponse<String> token = browser.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code
						+ "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + verifier))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher access = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
		if (token.statusCode() != 200 || !access.find()) {
			throw new IllegalStateException("token request failed for " + user.name() + ": " + token.statusCode() + " " + token.body());
		}
		return access.group(1);
	}

	static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
