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
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The bearer token of the load's requests. A large load outlives one access token (the local sign-in's
 * last 15 minutes, Keycloak's usually less), and it polls its jobs until the end: given a token endpoint
 * and a service account's client id and secret, a new token is fetched (client credentials grant) a
 * minute before the current one expires. Otherwise one fixed token, or none.
 */
final class AccessToken implements Supplier<String> {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String fixed;
	private final URI tokenEndpoint;
	private final String clientId;
	private final String clientSecret;
	private final String scope;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private String current;
	private Instant renewAt = Instant.MIN;

	private AccessToken(String fixed, URI tokenEndpoint, String clientId, String clientSecret, String scope) {
		this.fixed = fixed;
		this.tokenEndpoint = tokenEndpoint;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.scope = scope;
	}

	static AccessToken fixed(String token) {
		return new AccessToken(token == null || token.isBlank() ? null : token, null, null, null, null);
	}

	static AccessToken clientCredentials(URI tokenEndpoint, String clientId, String clientSecret, String scope) {
		return new AccessToken(null, tokenEndpoint, clientId, clientSecret, scope);
	}

	@Override
	public synchronized String get() {
		if (tokenEndpoint == null) {
			return fixed;
		}
		if (Instant.now().isAfter(renewAt)) {
			String basic = Base64.getEncoder().encodeToString(
					(clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
			try {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(tokenEndpoint)
						.header("Authorization", "Basic " + basic)
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
								+ URLEncoder.encode(scope, StandardCharsets.UTF_8)))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (answer.statusCode() != 200) {
					throw new IllegalStateException("token endpoint answered " + answer.statusCode());
				}
				JsonNode token = JSON.readTree(answer.body());
				current = token.path("access_token").asText();
				renewAt = Instant.now().plusSeconds(Math.max(10, token.path("expires_in").asLong(300) - 60));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		return current;
	}
}
