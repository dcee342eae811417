package vn.sskdt.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Starts HAPI's Bulk Data Import ({@code POST [base]/$import}, asynchronous) and polls it to its end
 * ({@code $import-poll-status}: 202 while running, 200 with the job's report when done, 500 with the
 * report when some resource was refused).
 */
final class BulkImportClient {

	/** A finished job: whether every resource was stored, and HAPI's report. */
	record Outcome(boolean succeeded, String report) {}

	private final FhirContext fhirContext;
	private final URI fhirBase;
	private final Supplier<String> token;
	private final Duration pollEvery;
	private final HttpClient http =
			HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

	BulkImportClient(FhirContext fhirContext, URI fhirBase, Supplier<String> token, Duration pollEvery) {
		this.fhirContext = fhirContext;
		this.fhirBase = fhirBase;
		this.token = token;
		this.pollEvery = pollEvery;
	}

	/** Imports the files (type → URL) as one job and waits for its end. */
	Outcome importAndWait(Map<String, List<String>> urlsByType, String credentials, int batchSize)
			throws IOException, InterruptedException {
		Parameters request = new Parameters();
		request.addParameter().setName("inputFormat").setValue(new StringType("application/fhir+ndjson"));
		urlsByType.forEach((type, urls) -> urls.forEach(url -> {
			Parameters.ParametersParameterComponent input = request.addParameter().setName("input");
			input.addPart().setName("type").setValue(new StringType(type));
			input.addPart().setName("url").setValue(new UriType(url));
		}));
		Parameters.ParametersParameterComponent storage = request.addParameter().setName("storageDetail");
		storage.addPart().setName("type").setValue(new StringType("https"));
		storage.addPart().setName("credentialHttpBasic").setValue(new StringType(credentials));
		storage.addPart().setName("maxBatchResourceCount").setValue(new StringType(Integer.toString(batchSize)));

		HttpResponse<String> started = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase + "/$import")))
				.header("Content-Type", "application/fhir+json")
				.header("Prefer", "respond-async")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(request)))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (started.statusCode() != 202) {
			throw new IOException("$import answered " + started.statusCode() + ": " + messages(started.body()));
		}
		URI poll = URI.create(started.headers().firstValue("Content-Location")
				.orElseThrow(() -> new IOException("$import answered 202 without a Content-Location to poll")));
		while (true) {
			Thread.sleep(pollEvery.toMillis());
			HttpResponse<String> status = http.send(authorized(HttpRequest.newBuilder(poll)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			switch (status.statusCode()) {
				case 202 -> { } // queued or in progress
				case 200 -> { return new Outcome(true, messages(status.body())); }
				case 500 -> { return new Outcome(false, messages(status.body())); }
				default -> throw new IOException("$import-poll-status answered " + status.statusCode() + ": " + messages(status.body()));
			}
		}
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request) {
		String bearer = token.get();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request.timeout(Duration.ofMinutes(2));
	}

	/** The diagnostics of an OperationOutcome answer, or the body as it is. */
	private String messages(String body) {
		try {
			OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, body);
			return outcome.getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
					.collect(Collectors.joining("\n"));
		} catch (RuntimeException notAnOutcome) {
			return body.length() > 500 ? body.substring(0, 500) + "…" : body;
		}
	}
}
