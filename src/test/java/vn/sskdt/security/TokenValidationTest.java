package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/** A token is accepted only if signed by the trusted issuer, for this server, and still valid. */
class TokenValidationTest extends FhirServerTest {

	record Bad(String why, String token) {
		@Override
		public String toString() {
			return why;
		}
	}

	static List<Bad> badTokens() {
		return List.of(
				new Bad("signed by an unknown key", TestTokens.signedByStranger("admin", "user/*.cruds", Map.of())),
				new Bad("expired", TestTokens.withClaim("admin", "user/*.cruds", "exp", Date.from(Instant.now().minusSeconds(120)))),
				new Bad("meant for another service", TestTokens.withClaim("admin", "user/*.cruds", "aud", List.of("other-service"))),
				new Bad("from another issuer", TestTokens.withClaim("admin", "user/*.cruds", "iss", "https://evil.example")),
				new Bad("not a JWT", "not-a-token"),
				new Bad("tampered payload", tamper(TestTokens.citizen("046185001234"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void refusedWithUnauthorizedAndAnOperationOutcome(Bad bad) throws Exception {
		HttpResponse<String> response = sendAs(bad.token(), HttpRequest.newBuilder(uri("/fhir/Organization")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertThat(response.body()).contains("OperationOutcome", "bearer token");
	}

	@Test
	void theSameTokenUntamperedIsAccepted() throws Exception {
		HttpResponse<String> response = sendAs(TestTokens.admin(), HttpRequest.newBuilder(uri("/fhir/Organization")));

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void aTamperedCopyOfATokenAlreadyAcceptedIsStillRefused() throws Exception {
		String token = TestTokens.citizen("046185001234");
		assertThat(sendAs(token, HttpRequest.newBuilder(uri("/fhir/Organization"))).statusCode()).isEqualTo(200);

		HttpResponse<String> tampered = sendAs(tamper(token), HttpRequest.newBuilder(uri("/fhir/Organization")));

		assertThat(tampered.statusCode()).isEqualTo(401);
		assertThat(sendAs(token, HttpRequest.newBuilder(uri("/fhir/Organization"))).statusCode()).isEqualTo(200);
	}

	/** Changes the personal ID in the payload, keeping the original signature. */
	private static String tamper(String jwt) {
		String[] parts = jwt.split("\\.");
		java.util.Base64.Decoder decoder = java.util.Base64.getUrlDecoder();
		String payload = new String(decoder.decode(parts[1])).replace("046185001234", "046185009999");
		parts[1] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes());
		return String.join(".", parts);
	}
}
