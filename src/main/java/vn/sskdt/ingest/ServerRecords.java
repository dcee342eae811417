package vn.sskdt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import vn.sskdt.demo.SubmissionContract;

/**
 * What the server already holds of a load, found by business identifier over the API, before anything
 * is imported: stations registered earlier keep their ids (the load refers to them), and a resident
 * stored earlier under another id (a REST submission) stops the load, since importing would make a
 * second health book for the same person.
 */
final class ServerRecords {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final int PER_SEARCH = 100;

	private final URI fhirBase;
	private final Supplier<String> token;
	private final HttpClient http =
			HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

	ServerRecords(URI fhirBase, Supplier<String> token) {
		this.fhirBase = fhirBase;
		this.token = token;
	}

	/** The id of the station with this facility code, when the server has one. */
	Optional<String> station(String facilityCode) {
		List<String> found = idsOf("Organization", List.of(SubmissionContract.FACILITY + "|" + facilityCode), "");
		if (found.size() > 1) {
			throw new IllegalStateException("the server holds " + found.size() + " stations with facility code " + facilityCode);
		}
		return found.stream().findFirst();
	}

	/**
	 * How many of the residents (id → personal ID) the server holds under another id than the load's.
	 * Only those are asked for ({@code _id:not}): a load run again, or resumed, finds all its residents
	 * stored under its own ids, and reading them would make the audit trail record (and queue in the
	 * server's memory) one AuditEvent per resident. ({@code _summary=count} is refused by HAPI's consent
	 * interceptor.)
	 */
	long residentsStoredElsewhere(Map<String, String> personalIds) {
		List<Map.Entry<String, String>> residents = new ArrayList<>(personalIds.entrySet());
		long elsewhere = 0;
		for (int from = 0; from < residents.size(); from += PER_SEARCH) {
			List<Map.Entry<String, String>> some = residents.subList(from, Math.min(from + PER_SEARCH, residents.size()));
			elsewhere += idsOf("Patient", some.stream().map(r -> SubmissionContract.CCCD + "|" + r.getValue()).toList(),
					"&_id:not=" + URLEncoder.encode(String.join(",", some.stream().map(Map.Entry::getKey).toList()), StandardCharsets.UTF_8))
					.size();
		}
		return elsewhere;
	}

	/**
	 * Ids of the resources of {@code type} with any of the identifiers ({@code system|value}), narrowed
	 * by {@code more} (form-encoded search parameters, from {@code &}).
	 */
	private List<String> idsOf(String type, List<String> identifiers, String more) {
		String form = "identifier=" + URLEncoder.encode(String.join(",", identifiers), StandardCharsets.UTF_8) + more
				+ "&_elements=id&_count=" + (2 * PER_SEARCH);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase + "/" + type + "/_search"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cache-Control", "no-cache")
				.timeout(Duration.ofMinutes(2))
				.POST(HttpRequest.BodyPublishers.ofString(form));
		String bearer = token.get();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException("searching " + type + " by identifier: HTTP " + answer.statusCode());
			}
			List<String> ids = new ArrayList<>();
			for (JsonNode entry : JSON.readTree(answer.body()).path("entry")) {
				ids.add(entry.path("resource").path("id").asText());
			}
			return ids;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
