package vn.sskdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first start: README's run command ({@code bin/run}) as a process in an empty
 * directory, on a machine with no database server, then a second start that keeps the data.
 */
class EmbeddedDefaultIT {

	private static final Path RUN = Path.of("bin/run").toAbsolutePath();
	private static final String SYSTEM_SECRET = "embedded-it-secret";
	private final HttpClient http = HttpClient.newHttpClient();

	/** A token from the local sign-in for the system client (client credentials), as a back-end job gets one. */
	private String systemToken(int port) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.header("Authorization", "Basic " + java.util.Base64.getEncoder()
								.encodeToString(("sskdt-system:" + SYSTEM_SECRET).getBytes()))
						.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=system/*.cruds"))
						.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("access_token").asText();
	}

	@Test
	void startsOnEmbeddedPostgresAndKeepsDataAcrossRestarts() throws Exception {
		Path workDir = Files.createTempDirectory("sskdt-first-start");
		int port = freePort();
		String location;

		Process first = start(workDir, port, "first.log");
		try {
			awaitMetadata(first, port);
			HttpResponse<String> anonymous = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).as("no anonymous access, even in the embedded default").isEqualTo(401);
			HttpResponse<String> created = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient"))
							.header("Authorization", "Bearer " + systemToken(port))
							.header("Content-Type", "application/fhir+json")
							.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"identifier\":"
									+ "[{\"system\":\"http://fhir.hl7.org.vn/core/sid/cccd\",\"value\":\"046185000001\"}],"
									+ "\"name\":[{\"family\":\"Trần\",\"given\":[\"Thị Mai\"]}],"
									+ "\"gender\":\"female\",\"birthDate\":\"1985-04-12\"}"))
							.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(201);
			location = created.headers().firstValue("Location").orElseThrow();
			awaitLog(first, workDir.resolve("first.log"), "Demo data: commune 19777 loaded");
			assertDemoCommune(port);
		} finally {
			stop(first);
		}
		assertThat(Files.readString(workDir.resolve("first.log")))
				.contains("Store: PostgreSQL 17").contains("embedded")
				.contains("Demo data: loading a synthetic commune (19777, 300 residents) in the background")
				.as("no personal data in the log").doesNotContain("046185001234").doesNotContain("046190054321");
		assertThat(workDir.resolve("data/postgres/PG_VERSION")).exists();

		Process second = start(workDir, port, "second.log");
		try {
			awaitMetadata(second, port);
			String versionless = location.substring(0, location.indexOf("/_history"));
			HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(versionless))
							.header("Authorization", "Bearer " + systemToken(port)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(read.body()).contains("046185000001");
			awaitLog(second, workDir.resolve("second.log"), "Demo data: already loaded in this database");
			assertThat(count(port, "Patient?_elements=id")).as("loaded once").isEqualTo(patientsAfterFirstStart);
		} finally {
			stop(second);
		}
	}

	private long patientsAfterFirstStart;

	/**
	 * The demo commune (application.yaml, sskdt.demo-data): Phường Vỹ Dạ's station and residents, the
	 * demo citizen citizen.hoa among them and parent.mai as a child's mother.
	 */
	private void assertDemoCommune(int port) throws Exception {
		assertThat(count(port, "Organization?identifier=http://fhir.hl7.org.vn/core/sid/ma-cskcb|46003")).isEqualTo(1);
		assertThat(count(port, "Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd|046185001234")).isEqualTo(1);
		assertThat(count(port, "Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd|046190054321")).isEqualTo(1);
		assertThat(count(port, "RelatedPerson?identifier=http://fhir.hl7.org.vn/core/sid/cccd|046190054321")).isPositive();
		assertThat(count(port, "Encounter?_elements=id")).isPositive();
		patientsAfterFirstStart = count(port, "Patient?_elements=id");
		assertThat(patientsAfterFirstStart).as("a few hundred residents").isGreaterThan(250);
	}

	/** How many resources the search finds, page by page (counts alone are not served: consent rules apply to them). */
	private long count(int port, String query) throws Exception {
		String url = "http://localhost:" + port + "/fhir/" + query.replace("|", "%7C") + "&_count=200";
		long found = 0;
		com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
		while (url != null) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
					.header("Authorization", "Bearer " + systemToken(port)).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			com.fasterxml.jackson.databind.JsonNode page = json.readTree(response.body());
			found += page.path("entry").size();
			url = null;
			for (com.fasterxml.jackson.databind.JsonNode link : page.path("link")) {
				if ("next".equals(link.path("relation").asText())) {
					url = link.path("url").asText();
				}
			}
		}
		return found;
	}

	/** Waits for a line of the server's log (the demo commune loads in the background). */
	private static void awaitLog(Process server, Path log, String line) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(6)); // a loaded 2-core CI machine
		while (Instant.now().isBefore(deadline)) {
			if (Files.readString(log).contains(line)) {
				return;
			}
			assertThat(server.isAlive()).as("server process is running").isTrue();
			assertThat(Files.readString(log)).as("the demo commune loads").doesNotContain("Demo data: loading failed");
			Thread.sleep(1000);
		}
		throw new AssertionError("no '" + line + "' in the log within 6 minutes");
	}

	private static Process start(Path workDir, int port, String log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(RUN.toString()).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(workDir.resolve(log).toFile());
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().put("SSKDT_LOG_FORMAT", "");
		builder.environment().remove("SPRING_DATASOURCE_URL");
		builder.environment().put("SSKDT_SECURITY_LOCAL_SYSTEMCLIENTSECRET", SYSTEM_SECRET);
		return builder.start();
	}

	private void awaitMetadata(Process server, int port) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(6)); // a loaded 2-core CI machine
		while (Instant.now().isBefore(deadline)) {
			assertThat(server.isAlive()).as("server process is running").isTrue();
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			} catch (IOException notYetListening) {
				// still starting
			}
			Thread.sleep(500);
		}
		throw new AssertionError("server did not answer /fhir/metadata within 6 minutes");
	}

	private static void stop(Process server) throws InterruptedException {
		server.destroy(); // SIGTERM: graceful shutdown stops the embedded PostgreSQL cleanly
		if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
			server.destroyForcibly().waitFor();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
