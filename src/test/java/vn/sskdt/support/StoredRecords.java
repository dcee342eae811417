package vn.sskdt.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many copies of each record a server holds, found by business identifier (personal ID, facility
 * code, station record number: {@link GeneratedCommune#recordsOf}), as an administrator.
 */
public final class StoredRecords {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private StoredRecords() {}

	private static void count(String fhirBase, String type, List<String> identifiers, Map<String, Integer> copies)
			throws IOException, InterruptedException {
		String form = "identifier=" + URLEncoder.encode(String.join(",", identifiers), StandardCharsets.UTF_8)
				+ "&_count=200&_elements=identifier";
		HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(fhirBase + "/" + type + "/_search"))
				.header("Authorization", "Bearer " + TestTokens.admin())
				// HAPI answers a search repeated within a minute from its cache: a poll would see the first count forever
				.header("Cache-Control", "no-cache")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
		if (found.statusCode() != 200) {
			throw new AssertionError("search " + type + ": " + found.statusCode() + " " + found.body());
		}
		JsonNode page = GeneratedCommune.parse(found.body());
		if (page.path("link").findValues("relation").stream().anyMatch(r -> "next".equals(r.asText()))) {
			throw new AssertionError("more than one page of " + type + ": more than 4 copies of some record");
		}
		for (JsonNode entry : page.path("entry")) {
			for (JsonNode identifier : entry.path("resource").path("identifier")) {
				String key = identifier.path("system").asText() + "|" + identifier.path("value").asText();
				if (identifiers.contains(key)) {
					copies.merge(type + " " + key, 1, Integer::sum);
				}
			}
		}
	}

	/** {@code type system|value} → number of stored resources of that type carrying that identifier (absent: none). */
	public static Map<String, Integer> copies(String fhirBase, Map<String, ? extends Set<String>> identifiersByType)
			throws IOException, InterruptedException {
		Map<String, Integer> copies = new TreeMap<>();
		for (Map.Entry<String, ? extends Set<String>> type : identifiersByType.entrySet()) {
			List<String> identifiers = List.copyOf(type.getValue());
			// identifier=a,b,c… (any of them), as a form so the list may be long; 50 at a time, so that even
			// a few copies of each fit in one page (the server's largest is 200)
			for (int from = 0; from < identifiers.size(); from += 50) {
				List<String> some = identifiers.subList(from, Math.min(from + 50, identifiers.size()));
				count(fhirBase, type.getKey(), some, copies);
			}
		}
		return copies;
	}
}
