package vn.sskdt.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip that Maven unpacks into
 * {@code target/keycloak} before the failsafe run) in development mode on a free loopback port,
 * with our realm {@code docker/keycloak/sskdt-realm.json} imported into an empty database.
 *
 * <p>Tokens come from Keycloak's real endpoints, the way the apps get them: the authorization-code
 * flow with PKCE driven over plain HTTP for people (the login form is filled in as a browser
 * would), client credentials for the backend client. One instance per test class: it takes 30–90 s
 * to start. Only one may run at a time, since it keeps its database under the distribution.
 */
public final class KeycloakServer implements AutoCloseable {

	public static final String REALM = "sskdt";
	public static final String CITIZEN_APP = "sskdt-citizen-app";
	public static final String STATION_APP = "sskdt-station-app";
	public static final String DASHBOARD = "sskdt-dashboard";
	public static final String SYSTEM_CLIENT = "sskdt-system";

	private static final Path REALM_FILE = Path.of("docker/keycloak/sskdt-realm.json");
	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final SecureRandom RANDOM = new SecureRandom();

	private final Process process;
	private final int port;
	private final String systemClientSecret;
	private Duration startTime;
	/** Where the apps' redirect would land; nothing listens there, the code is taken from the redirect itself. */
	private final String redirectUri;
	private final Thread shutdownHook;

	private KeycloakServer(Process process, int port, String systemClientSecret) {
		this.process = process;
		this.port = port;
		this.systemClientSecret = systemClientSecret;
		this.redirectUri = "http://127.0.0.1:" + freePort() + "/cb";
		this.shutdownHook = new Thread(this::stop, "keycloak-stop");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/**
	 * Starts Keycloak from the distribution named by the system property {@code sskdt.keycloak.home}
	 * (set by the failsafe configuration), or else the one Maven unpacked into {@code target/keycloak},
	 * and waits until our realm answers.
	 */
	public static KeycloakServer start() throws IOException, InterruptedException {
		Path home = home();
		Path data = home.resolve("data");
		deleteRecursively(data); // a clean start: no database, sessions or import of an earlier run
		Files.createDirectories(data.resolve("import"));
		Files.copy(REALM_FILE, data.resolve("import").resolve(REALM_FILE.getFileName()));

		int port = freePort();
		String secret = randomUrlSafe(32);
		Path log = home.getParent().resolve("keycloak.log");
		ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
				"--http-host=127.0.0.1", "--http-port=" + port,
				// fixes the issuer to the address the tests (and the server under test) use
				"--hostname=http://127.0.0.1:" + port,
				"--import-realm")
				.directory(home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_")
				|| name.startsWith("JAVA_OPTS")); // nothing of the developer's own Keycloak set-up leaks in
		env.put("JAVA_HOME", System.getProperty("java.home")); // the JDK running the tests
		// C1 only: a test Keycloak serves a few dozen requests; it starts in about half the time
		// (35 s against 70 s, measured on 2 busy cores) and sign-ins are no slower
		env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
		// the realm file reads the backend client's secret from the environment (no secret in git)
		env.put("SSKDT_SYSTEM_CLIENT_SECRET", secret);

		Instant started = Instant.now();
		Process process = builder.start();
		KeycloakServer server = new KeycloakServer(process, port, secret);
		try {
			server.awaitRealm(log);
		} catch (IOException | InterruptedException | RuntimeException | Error e) {
			server.close();
			throw e;
		}
		server.startTime = Duration.between(started, Instant.now());
		return server;
	}

	/** {@code http://127.0.0.1:<port>/realms/sskdt}, the {@code iss} of every token of the realm. */
	public String issuer() {
		return "http://127.0.0.1:" + port + "/realms/" + REALM;
	}

	public int port() {
		return port;
	}

	/** From process start to the realm's discovery document answering. */
	public Duration startTime() {
		return startTime;
	}

	public String authorizationEndpoint() {
		return issuer() + "/protocol/openid-connect/auth";
	}

	public String tokenEndpoint() {
		return issuer() + "/protocol/openid-connect/token";
	}

	/** The realm's OpenID Connect discovery document. */
	public Map<String, Object> openidConfiguration() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("discovery document: HTTP " + response.statusCode());
		}
		return JSON.readValue(response.body(), new TypeReference<>() {});
	}

	/** A citizen's access token, signed in to the citizen app (default scope {@code patient/*.rs}). */
	public String citizenToken(String username, String password) throws IOException, InterruptedException {
		return accessToken(authorizationCodeFlow(CITIZEN_APP, username, password, "openid"));
	}

	/** A station staff member's access token, signed in to the station app (default scope {@code user/*.cruds}). */
	public String staffToken(String username, String password) throws IOException, InterruptedException {
		return accessToken(authorizationCodeFlow(STATION_APP, username, password, "openid"));
	}

	/** An analyst's (or administrator's) access token, signed in to the dashboard (default scope {@code user/*.rs}). */
	public String dashboardToken(String username, String password) throws IOException, InterruptedException {
		return accessToken(authorizationCodeFlow(DASHBOARD, username, password, "openid"));
	}

	/** The backend client's access token (client credentials; default scope {@code system/*.rs}). */
	public String systemToken() throws IOException, InterruptedException {
		return systemToken(null);
	}

	/** The backend client's access token, asking for these scopes as well (e.g. {@code system/*.cruds}). */
	public String systemToken(String scope) throws IOException, InterruptedException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		if (scope != null) {
			form.put("scope", scope);
		}
		String basic = Base64.getEncoder().encodeToString(
				(urlEncode(SYSTEM_CLIENT) + ":" + urlEncode(systemClientSecret)).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(tokenEndpoint()))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.header("Authorization", "Basic " + basic)
						.POST(HttpRequest.BodyPublishers.ofString(form(form)))
						.build(),
				HttpResponse.BodyHandlers.ofString());
		return accessToken(tokenResponse(response));
	}

	/**
	 * The authorization-code flow with PKCE (S256), as a public app runs it, over plain HTTP: the
	 * authorization request, Keycloak's login form filled in and posted, the code taken from the
	 * redirect to {@link #redirectUri()} (not followed), then exchanged with the code verifier.
	 *
	 * @param scope space-separated scopes to ask for, beyond the client's default ones
	 * @return the token endpoint's JSON answer ({@code access_token}, {@code id_token}, {@code scope}…)
	 * @throws IllegalStateException naming Keycloak's error when the sign-in or the exchange fails
	 */
	public Map<String, Object> authorizationCodeFlow(String clientId, String username, String password, String scope)
			throws IOException, InterruptedException {
		// a fresh cookie jar: each sign-in is a new browser, no session carries over between users
		HttpClient browser = HttpClient.newBuilder()
				.cookieHandler(new LoopbackCookieHandler())
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
		String verifier = randomUrlSafe(32);
		String state = randomUrlSafe(16);
		Map<String, String> query = new LinkedHashMap<>();
		query.put("client_id", clientId);
		query.put("response_type", "code");
		query.put("redirect_uri", redirectUri);
		query.put("scope", scope);
		query.put("state", state);
		query.put("code_challenge", codeChallenge(verifier));
		query.put("code_challenge_method", "S256");

		HttpResponse<String> loginPage = browser.send(
				HttpRequest.newBuilder(URI.create(authorizationEndpoint() + "?" + form(query))).build(),
				HttpResponse.BodyHandlers.ofString());
		if (loginPage.statusCode() == 302) {
			throw new IllegalStateException("authorization request refused: " + redirectParameters(loginPage));
		}
		if (loginPage.statusCode() != 200) {
			throw new IllegalStateException("authorization request: HTTP " + loginPage.statusCode() + ": " + loginPage.body());
		}
		String action = loginFormAction(loginPage.body());

		HttpResponse<String> afterLogin = browser.send(
				HttpRequest.newBuilder(URI.create(action))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password))))
						.build(),
				HttpResponse.BodyHandlers.ofString());
		if (afterLogin.statusCode() != 302) {
			throw new IllegalStateException("sign-in of " + username + " to " + clientId + " did not redirect (HTTP "
					+ afterLogin.statusCode() + "): " + pageMessage(afterLogin.body()));
		}
		String location = afterLogin.headers().firstValue("Location").orElse("");
		if (!location.startsWith(redirectUri + "?")) {
			throw new IllegalStateException("sign-in redirected elsewhere than the app: " + location);
		}
		Map<String, String> callback = redirectParameters(afterLogin);
		if (callback.containsKey("error") || !callback.containsKey("code")) {
			throw new IllegalStateException("sign-in of " + username + " to " + clientId + " failed: " + callback);
		}
		if (!state.equals(callback.get("state")) || !issuer().equals(callback.get("iss"))) {
			throw new IllegalStateException("redirect with a wrong state or issuer: " + callback);
		}

		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("client_id", clientId);
		exchange.put("code", callback.get("code"));
		exchange.put("redirect_uri", redirectUri);
		exchange.put("code_verifier", verifier);
		HttpResponse<String> tokens = browser.send(
				HttpRequest.newBuilder(URI.create(tokenEndpoint()))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(form(exchange)))
						.build(),
				HttpResponse.BodyHandlers.ofString());
		return tokenResponse(tokens);
	}

	/** The redirect URI the apps' sign-ins use here (a loopback address, allowed by the realm). */
	public String redirectUri() {
		return redirectUri;
	}

	/**
	 * The claims of a JWT, read without checking its signature: for asserting what Keycloak puts in
	 * its tokens, never for deciding anything.
	 */
	public static Map<String, Object> claims(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length != 3) {
			throw new IllegalArgumentException("not a signed JWT (" + parts.length + " parts)");
		}
		try {
			return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), new TypeReference<>() {});
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		} catch (IllegalStateException jvmAlreadyStopping) {
			// the hook is running or has run
		}
	}

	private void stop() {
		if (!process.isAlive()) {
			return;
		}
		// kc.sh runs Java as a child (and forwards SIGTERM to it); end the whole tree either way
		List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
		tree.forEach(ProcessHandle::destroy);
		try {
			for (ProcessHandle p : tree) {
				p.onExit().get(30, TimeUnit.SECONDS);
			}
		} catch (Exception notEndedInTime) {
			tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		}
	}

	private void awaitRealm(Path log) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; end of its log:\n" + tail(log));
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			} catch (IOException notYetListening) {
				// still starting
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("Keycloak did not serve realm " + REALM + " within " + START_TIMEOUT.toSeconds()
				+ " s; end of its log:\n" + tail(log));
	}

	private static Path home() throws IOException {
		String configured = System.getProperty("sskdt.keycloak.home");
		if (configured != null) {
			Path home = Path.of(configured);
			if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
				throw new IllegalStateException("no Keycloak distribution at " + home + " (mvn verify unpacks it)");
			}
			return home;
		}
		Path unpacked = Path.of("target/keycloak");
		try (Stream<Path> dirs = Files.exists(unpacked) ? Files.list(unpacked) : Stream.empty()) {
			return dirs.filter(dir -> Files.isRegularFile(dir.resolve("bin/kc.sh"))).findFirst()
					.orElseThrow(() -> new IllegalStateException(
							"no Keycloak distribution under target/keycloak: run mvn verify once (it unpacks "
									+ "org.keycloak:keycloak-quarkus-dist), or set -Dsskdt.keycloak.home"));
		}
	}

	private static String loginFormAction(String html) {
		Matcher form = Pattern.compile("<form\\b[^>]*\\bid=\"kc-form-login\"[^>]*>").matcher(html);
		if (!form.find()) {
			throw new IllegalStateException("no login form in Keycloak's page: " + pageMessage(html));
		}
		Matcher action = Pattern.compile("\\baction=\"([^\"]+)\"").matcher(form.group());
		if (!action.find()) {
			throw new IllegalStateException("login form without an action: " + form.group());
		}
		return htmlUnescape(action.group(1));
	}

	/** Keycloak's message on a page that should not have been shown (wrong password, required action…). */
	private static String pageMessage(String html) {
		Matcher message = Pattern.compile("<span[^>]*(?:input-error|kc-feedback-text|alert)[^>]*>\\s*([^<]+)").matcher(html);
		if (message.find()) {
			return htmlUnescape(message.group(1).strip());
		}
		Matcher title = Pattern.compile("<h1[^>]*>\\s*([^<]+)").matcher(html);
		return title.find() ? "page \"" + htmlUnescape(title.group(1).strip()) + "\"" : html.substring(0, Math.min(html.length(), 500));
	}

	private static Map<String, String> redirectParameters(HttpResponse<?> redirect) {
		String location = redirect.headers().firstValue("Location").orElse("");
		int q = location.indexOf('?');
		Map<String, String> parameters = new LinkedHashMap<>();
		if (q < 0) {
			return parameters;
		}
		for (String pair : location.substring(q + 1).split("&")) {
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			String value = eq < 0 ? "" : pair.substring(eq + 1);
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static Map<String, Object> tokenResponse(HttpResponse<String> response) throws IOException {
		Map<String, Object> body;
		try {
			body = JSON.readValue(response.body(), new TypeReference<>() {});
		} catch (IOException notJson) {
			throw new IllegalStateException("token endpoint: HTTP " + response.statusCode() + ": " + response.body());
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token endpoint: HTTP " + response.statusCode() + ": " + body);
		}
		return body;
	}

	private static String accessToken(Map<String, Object> tokenResponse) {
		Object token = tokenResponse.get("access_token");
		if (!(token instanceof String accessToken)) {
			throw new IllegalStateException("no access_token in " + tokenResponse.keySet());
		}
		return accessToken;
	}

	private static String codeChallenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String randomUrlSafe(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
				.collect(Collectors.joining("&"));
	}

	private static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String htmlUnescape(String text) {
		Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(text);
		StringBuilder out = new StringBuilder();
		while (entity.find()) {
			String name = entity.group(1);
			String replacement = switch (name) {
				case "amp" -> "&";
				case "lt" -> "<";
				case "gt" -> ">";
				case "quot" -> "\"";
				case "apos" -> "'";
				default -> new String(Character.toChars(name.startsWith("#x")
						? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1))));
			};
			entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		entity.appendTail(out);
		return out.toString();
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/**
	 * Keycloak marks its sign-in cookies {@code Secure}. Browsers still send them to
	 * {@code http://127.0.0.1} (a loopback origin counts as secure); {@link CookieManager} sends them
	 * only over https. This jar treats loopback http like https, and nothing else.
	 */
	private static final class LoopbackCookieHandler extends CookieHandler {

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
			return cookies.get(asSecure(uri), requestHeaders);
		}

		@Override
		public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
			cookies.put(asSecure(uri), responseHeaders);
		}

		private static URI asSecure(URI uri) {
			if (!"http".equalsIgnoreCase(uri.getScheme()) || !isLoopback(uri.getHost())) {
				return uri;
			}
			try {
				return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
			} catch (URISyntaxException e) {
				throw new IllegalArgumentException(e);
			}
		}

		private static boolean isLoopback(String host) {
			return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host);
		}
	}
}
