package vn.sskdt.ingest;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * Serves the NDJSON files of one load to the FHIR server, which fetches {@code $import} inputs by URL
 * (HAPI's job pulls them over HTTP, twice: once to count, once to store). The files hold personal data,
 * so the server is reachable only with a one-off password (HTTP Basic, handed to HAPI in the job's
 * {@code storageDetail.credentialHttpBasic}), serves only the files of its directory and stops with the load.
 */
final class NdjsonFileServer implements AutoCloseable {

	static final String USER = "sskdt-bulk";

	private final HttpServer server;
	private final Path directory;
	private final String password;
	private final String host;

	/**
	 * @param bindHost the address to listen on and to name in URLs: the FHIR server must reach it
	 * @param port     0 for any free port
	 */
	NdjsonFileServer(Path directory, String bindHost, int port) throws IOException {
		this.directory = directory.toAbsolutePath().normalize();
		this.host = bindHost;
		byte[] secret = new byte[24];
		new SecureRandom().nextBytes(secret);
		this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/ndjson/", this::serve).setAuthenticator(new BasicAuthenticator("sskdt-bulk") {
			@Override
			public boolean checkCredentials(String user, String pass) {
				return USER.equals(user) && password.equals(pass);
			}
		});
		server.start();
	}

	/** The URL the FHIR server fetches {@code file} (a file of this server's directory) from. */
	String urlOf(Path file) {
		return "http://" + host + ":" + server.getAddress().getPort() + "/ndjson/" + file.getFileName();
	}

	/** {@code user:password}, the form HAPI's {@code credentialHttpBasic} takes. */
	String credentials() {
		return USER + ":" + password;
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			String name = exchange.getRequestURI().getPath().substring("/ndjson/".length());
			Path file = directory.resolve(name).normalize();
			if (!"GET".equals(exchange.getRequestMethod()) || name.contains("/") || !file.startsWith(directory)
					|| !name.endsWith(".ndjson") || !Files.isRegularFile(file)) {
				byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(404, body.length);
				exchange.getResponseBody().write(body);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/fhir+ndjson");
			exchange.sendResponseHeaders(200, Files.size(file));
			try (OutputStream out = exchange.getResponseBody()) {
				Files.copy(file, out);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}
}
