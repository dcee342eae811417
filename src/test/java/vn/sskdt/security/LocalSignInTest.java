package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import vn.sskdt.support.FhirServerTest;
import vn.sskdt.support.TestTokens;

/**
 * The local sign-in of the embedded default, driven as an app drives it: authorization code with
 * PKCE through the sign-in form for a citizen, client credentials for a system job; then the tokens
 * it issues open exactly what the role allows. Also the SMART discovery documents pointing at it.
 */
class LocalSignInTest extends FhirServerTest {

	private static final String REDIRECT = "http://127.0.0.1/callback";
	private static final String DEMO_PASSWORD = "sskdt-demo-2026";
	private final ObjectMapper mapper = new ObjectMapper();

	@Test
	void citizenSignsInWithPkceAndReadsOnlyTheirOwnBook() throws Exception {
		String token = signIn("sskdt-citizen-app", "citizen.hoa", DEMO_PASSWORD, "openid patient/*.rs");

		// citizen.hoa is Nguyễn Thị Hoa of the package examples (personal ID 046185001234)
		assertThat(sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/vn-patient-example"))).statusCode()).isEqualTo(200);
		assertThat(sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/vn-patient-child-example"))).statusCode()).isEqualTo(403);
		JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
		assertThat(claims.path("iss").asText()).isEqualTo(TestTokens.ISSUER);
		assertThat(claims.path("aud").toString()).contains("sskdt-fhir");
		assertThat(claims.path("cccd").asText()).isEqualTo("046185001234");
		assertThat(claims.path("realm_access").path("roles").toString()).contains("citizen");
	}

	@Test
	void wrongPasswordGetsNoCode() throws Exception {
		Browser browser = new Browser();
		String authorize = browser.authorizeUrl("sskdt-citizen-app", "openid patient/*.rs");
		browser.get(authorize);
		HttpResponse<String> login = browser.submitLogin("citizen.hoa", "wrong-password");

		assertThat(login.headers().firstValue("Location").orElse("")).contains("/login?error");
	}

	@Test
	void systemJobGetsATokenWithClientCredentials() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						("sskdt-system:" + TestTokens.SYSTEM_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=system/*.rs"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String token = mapper.readTree(response.body()).path("access_token").asText();

		assertThat(sendAs(token, HttpRequest.newBuilder(uri("/fhir/Patient/vn-patient-example"))).statusCode()).isEqualTo(200);
		HttpResponse<String> write = sendAs(token, HttpRequest.newBuilder(uri("/fhir/Organization"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Organization\",\"name\":\"x\"}")));
		assertThat(write.statusCode()).isEqualTo(403); // system/*.rs reads only
	}

	@Test
	void smartConfigurationAndCapabilityStatementPointAtTheSignIn() throws Exception {
		HttpResponse<String> smart = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(uri("/fhir/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(smart.statusCode()).isEqualTo(200);
		JsonNode document = mapper.readTree(smart.body());
		assertThat(document.path("authorization_endpoint").asText()).isEqualTo(uri("/oauth2/authorize").toString());
		assertThat(document.path("token_endpoint").asText()).isEqualTo(uri("/oauth2/token").toString());
		assertThat(document.path("capabilities").toString()).contains("permission-v2", "client-public");
		assertThat(document.path("code_challenge_methods_supported").toString()).contains("S256");

		CapabilityStatement metadata = fhirContext.newRestfulGenericClient(baseUrl()).capabilities()
				.ofType(CapabilityStatement.class).execute(); // anonymous
		CapabilityStatement.CapabilityStatementRestSecurityComponent security = metadata.getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		Extension oauth = security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		assertThat(oauth.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(uri("/oauth2/token").toString());
	}

	private String signIn(String client, String user, String password, String scope) throws Exception {
		Browser browser = new Browser();
		HttpResponse<String> toLogin = browser.get(browser.authorizeUrl(client, scope));
		assertThat(toLogin.headers().firstValue("Location").orElse("")).endsWith("/login");
		HttpResponse<String> afterLogin = browser.submitLogin(user, password);
		HttpResponse<String> toApp = browser.get(afterLogin.headers().firstValue("Location").orElseThrow());
		String callback = toApp.headers().firstValue("Location").orElseThrow();
		assertThat(callback).startsWith(REDIRECT + "?code=");
		String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
		HttpResponse<String> tokens = browser.http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + client
						+ "&code=" + code + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + browser.verifier))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return mapper.readTree(tokens.body()).path("access_token").asText();
	}

	/** A cookie-keeping client that does not follow redirects, like a browser under a test's eye. */
	private class Browser {
		final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).build();
		final String verifier;

		Browser() {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		}

		String authorizeUrl(String client, String scope) throws Exception {
			String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
					MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
			return uri("/oauth2/authorize").toString() + "?response_type=code&client_id=" + client
					+ "&scope=" + enc(scope) + "&redirect_uri=" + enc(REDIRECT) + "&state=s1"
					+ "&code_challenge=" + challenge + "&code_challenge_method=S256";
		}

		HttpResponse<String> get(String url) throws Exception {
			URI target = url.startsWith("http") ? URI.create(url) : uri(url);
			return http.send(HttpRequest.newBuilder(target).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> submitLogin(String user, String password) throws Exception {
			String form = get("/login").body();
			Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
			assertThat(csrf.find()).as("sign-in form with a CSRF token").isTrue();
			return http.send(HttpRequest.newBuilder(uri("/login"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("username=" + enc(user) + "&password=" + enc(password)
							+ "&_csrf=" + enc(csrf.group(1))))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
