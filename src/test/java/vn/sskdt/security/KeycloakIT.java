package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.sskdt.support.Examples;
import vn.sskdt.support.KeycloakServer;
import vn.sskdt.support.TestApplication;
import vn.sskdt.support.TestPostgres;

/**
 * End to end against a real Keycloak with our realm ({@code docker/keycloak/sskdt-realm.json}):
 * tokens obtained the way the apps obtain them, then the server's answers to them. Keycloak and the
 * server start once for the class; the tests run in order because the station's write comes first.
 *
 * <p>Demo users and passwords: {@code docker/keycloak/README.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIT {

	private static final String AUDIENCE = "sskdt-fhir";
	/** Every demo user's password in the realm (demo only; docker/keycloak/README.md). */
	private static final String DEMO_PASSWORD = "sskdt-demo-2026";
	private static final String CCCD = "http://fhir.hl7.org.vn/core/sid/cccd";
	private static final String HOA_CCCD = "046185001234";
	/** The child of the package examples (Phường Vỹ Dạ; mother: parent.mai), not citizen.hoa's. */
	private static final String OTHER_CCCD = "046225012345";

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static KeycloakServer keycloak;
	private static TestApplication server;
	/** Patient/{id} of vn-patient-example as stored by staff.thuanhoa's POST. */
	private static String hoaPatientId;
	/** Patient/{id} of vn-patient-child-example as stored by staff.vyda's POST. */
	private static String childPatientId;

	@BeforeAll
	static void start() throws Exception {
		keycloak = KeycloakServer.start();
		System.out.printf("KeycloakIT: Keycloak ready in %.1f s on port %d%n", keycloak.startTime().toMillis() / 1000.0, keycloak.port());
		Instant serverStart = Instant.now();
		server = TestApplication.start(TestPostgres.newDatabase("sskdt_keycloak"), Map.of(
				"sskdt.security.issuer-uri", keycloak.issuer(),
				"sskdt.security.audience", AUDIENCE));
		System.out.printf("KeycloakIT: server ready in %.1f s%n", Duration.between(serverStart, Instant.now()).toMillis() / 1000.0);
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	// ---- what Keycloak puts in the tokens (independent of the server) ----------------------------

	@Test
	@Order(1)
	void citizenTokenCarriesRoleCccdAudienceAndPatientScope() throws Exception {
		Map<String, Object> claims = KeycloakServer.claims(keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD));

		assertCommonClaims(claims, KeycloakServer.CITIZEN_APP);
		assertThat(realmRoles(claims)).contains("citizen").doesNotContain("station-staff", "analyst", "system", "admin");
		assertThat(claims).containsEntry("cccd", HOA_CCCD).containsEntry("preferred_username", "citizen.hoa")
				.doesNotContainKeys("facility", "commune", "jurisdiction");
		assertThat(scopes(claims)).contains("patient/*.rs").doesNotContain("user/*.cruds", "user/*.rs", "system/*.rs");

		Map<String, Object> parent = KeycloakServer.claims(keycloak.citizenToken("parent.mai", DEMO_PASSWORD));
		assertThat(parent).containsEntry("cccd", "046190054321");
		assertThat(realmRoles(parent)).contains("citizen");
	}

	@Test
	@Order(2)
	void citizenAppGrantsTheGranularPatientScopesItIsAskedFor() throws Exception {
		Map<String, Object> tokens = keycloak.authorizationCodeFlow(KeycloakServer.CITIZEN_APP, "citizen.hoa", DEMO_PASSWORD,
				"openid launch/patient fhirUser patient/Immunization.rs patient/Observation.rs patient/Patient.rs");
		Map<String, Object> claims = KeycloakServer.claims((String) tokens.get("access_token"));
		assertThat(scopes(claims)).contains("patient/*.rs", "launch/patient", "fhirUser",
				"patient/Immunization.rs", "patient/Observation.rs", "patient/Patient.rs");
		assertThat(tokens.get("scope").toString().split(" ")).contains("patient/Immunization.rs");
	}

	@Test
	@Order(3)
	void staffTokenCarriesRoleFacilityCommuneAndUserScope() throws Exception {
		Map<String, Object> thuanHoa = KeycloakServer.claims(keycloak.staffToken("staff.thuanhoa", DEMO_PASSWORD));
		assertCommonClaims(thuanHoa, KeycloakServer.STATION_APP);
		assertThat(realmRoles(thuanHoa)).contains("station-staff").doesNotContain("citizen", "admin");
		assertThat(thuanHoa).containsEntry("facility", "46001").containsEntry("commune", "19789").doesNotContainKey("cccd");
		assertThat(scopes(thuanHoa)).contains("user/*.cruds").doesNotContain("patient/*.rs", "system/*.rs");

		Map<String, Object> vyDa = KeycloakServer.claims(keycloak.staffToken("staff.vyda", DEMO_PASSWORD));
		assertThat(vyDa).containsEntry("facility", "46002").containsEntry("commune", "19777");
	}

	@Test
	@Order(4)
	void analystAndAdminTokensFromTheDashboard() throws Exception {
		Map<String, Object> analyst = KeycloakServer.claims(keycloak.dashboardToken("analyst.hue", DEMO_PASSWORD));
		assertCommonClaims(analyst, KeycloakServer.DASHBOARD);
		assertThat(realmRoles(analyst)).contains("analyst");
		assertThat(analyst).containsEntry("jurisdiction", "46").doesNotContainKeys("cccd", "facility", "commune");
		assertThat(scopes(analyst)).contains("user/*.rs").doesNotContain("user/*.cruds");

		Map<String, Object> admin = KeycloakServer.claims(keycloak.dashboardToken("admin.sskdt", DEMO_PASSWORD));
		assertThat(realmRoles(admin)).contains("admin");
	}

	@Test
	@Order(5)
	void systemTokenFromClientCredentials() throws Exception {
		Map<String, Object> claims = KeycloakServer.claims(keycloak.systemToken());
		assertCommonClaims(claims, KeycloakServer.SYSTEM_CLIENT);
		assertThat(realmRoles(claims)).contains("system");
		assertThat(scopes(claims)).contains("system/*.rs").doesNotContain("system/*.cruds");

		assertThat(scopes(KeycloakServer.claims(keycloak.systemToken("system/*.cruds")))).contains("system/*.rs", "system/*.cruds");
	}

	@Test
	@Order(6)
	void appsGetOnlyTheirOwnScopesAndNoPasswordGrant() throws Exception {
		assertThatThrownBy(() -> keycloak.authorizationCodeFlow(KeycloakServer.CITIZEN_APP, "citizen.hoa", DEMO_PASSWORD, "openid user/*.cruds"))
				.hasMessageContaining("invalid_scope");
		// (admin.sskdt, whose later sign-ins do not matter: brute-force protection counts the failure)
		assertThatThrownBy(() -> keycloak.authorizationCodeFlow(KeycloakServer.CITIZEN_APP, "admin.sskdt", "not-the-password", "openid"))
				.hasMessageContaining("did not redirect");

		HttpResponse<String> passwordGrant = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.tokenEndpoint()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + KeycloakServer.CITIZEN_APP
						+ "&username=citizen.hoa&password=" + DEMO_PASSWORD))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(passwordGrant.statusCode()).isIn(400, 401);
		assertThat(passwordGrant.body()).contains("unauthorized_client");
	}

	// ---- the server's answers to those tokens -----------------------------------------------------

	@Test
	@Order(10)
	void anonymousSearchIsUnauthorized() throws Exception {
		HttpResponse<String> response = get("/fhir/Patient", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
	}

	@Test
	@Order(11)
	void anonymousMetadataIsServed() throws Exception {
		HttpResponse<String> response = get("/fhir/metadata", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"resourceType\":\"CapabilityStatement\"");
	}

	@Test
	@Order(12)
	void stationStaffCreatesAResidentOfTheirCommune() throws Exception {
		// Nguyễn Thị Hoa, Phường Thuận Hóa (19789), by the Thuận Hóa station
		hoaPatientId = createPatient("vn-patient-example", keycloak.staffToken("staff.thuanhoa", DEMO_PASSWORD));
	}

	@Test
	@Order(13)
	void stationStaffOfAnotherCommuneCreatesAResidentOfTheirs() throws Exception {
		// Trần Minh Khang, Phường Vỹ Dạ (19777), by the Vỹ Dạ station: someone else's record for citizen.hoa,
		// so that her search for it comes back empty because of the rules, not for lack of data
		childPatientId = createPatient("vn-patient-child-example", keycloak.staffToken("staff.vyda", DEMO_PASSWORD));
	}

	@Test
	@Order(14)
	void citizenFindsHerOwnRecordByPersonalId() throws Exception {
		requireStoredPatient();
		HttpResponse<String> response = get("/fhir/Patient?identifier=" + urlEncode(CCCD + "|" + HOA_CCCD),
				keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(bundle.getEntry()).hasSize(1);
		assertThat(bundle.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(hoaPatientId);
	}

	@Test
	@Order(15)
	void citizenSearchingSomeoneElsesPersonalIdFindsNothing() throws Exception {
		assertThat(childPatientId).as("staff.vyda's POST of vn-patient-child-example (a test before) must have stored it").isNotNull();
		HttpResponse<String> response = get("/fhir/Patient?identifier=" + urlEncode(CCCD + "|" + OTHER_CCCD),
				keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(bundle.getEntry()).as("Patients shown to citizen.hoa searching %s", OTHER_CCCD)
				.filteredOn(e -> e.getResource() instanceof Patient).isEmpty();
	}

	@Test
	@Order(16)
	void citizenCannotCreate() throws Exception {
		Patient someone = Examples.get("vn-patient-example");
		someone.setId((String) null);
		someone.getIdentifierFirstRep().setValue("046185009999");
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fhir/Patient"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(someone))),
				keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
	}

	@Test
	@Order(17)
	void staffOfAnotherCommuneCannotReadTheRecord() throws Exception {
		requireStoredPatient();
		HttpResponse<String> response = get("/fhir/Patient/" + hoaPatientId, keycloak.staffToken("staff.vyda", DEMO_PASSWORD));

		assertThat(response.statusCode()).as(response.body()).isIn(403, 404);
		assertThat(response.body()).doesNotContain(HOA_CCCD);
	}

	@Test
	@Order(18)
	void tokenWithATamperedSignatureIsUnauthorized() throws Exception {
		String[] parts = keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD).split("\\.");
		byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
		signature[signature.length / 2] ^= 0x01;
		String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

		HttpResponse<String> response = get("/fhir/Patient?identifier=" + urlEncode(CCCD + "|" + HOA_CCCD), tampered);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	@Order(19)
	void tokenWithAnAlteredClaimIsUnauthorized() throws Exception {
		// citizen.hoa's token, its cccd claim changed to someone else's: the signature no longer matches
		String[] parts = keycloak.citizenToken("citizen.hoa", DEMO_PASSWORD).split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"" + HOA_CCCD + "\"", "\"" + OTHER_CCCD + "\"");
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];

		HttpResponse<String> response = get("/fhir/Patient?identifier=" + urlEncode(CCCD + "|" + OTHER_CCCD), forged);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	@Order(20)
	void tokenOfTheRealmMeantForAnotherAudienceIsUnauthorized() throws Exception {
		// Keycloak's own admin-cli client of the realm issues valid, signed tokens of our issuer
		// without sskdt-fhir in aud: only the audience check stops them
		HttpResponse<String> tokenResponse = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.tokenEndpoint()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&scope=openid"
						+ "&username=citizen.hoa&password=" + DEMO_PASSWORD))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		String otherAudience = (String) JSON.readValue(tokenResponse.body(), new TypeReference<Map<String, Object>>() {}).get("access_token");
		Map<String, Object> claims = KeycloakServer.claims(otherAudience);
		assertThat(claims).containsEntry("iss", keycloak.issuer());
		assertThat(audiences(claims)).doesNotContain(AUDIENCE);

		HttpResponse<String> response = get("/fhir/Patient?identifier=" + urlEncode(CCCD + "|" + HOA_CCCD), otherAudience);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	/** SMART App Launch discovery: at the FHIR base (what the SMART spec requires) and at the root. */
	@ParameterizedTest
	@ValueSource(strings = {"/fhir/.well-known/smart-configuration", "/.well-known/smart-configuration"})
	@Order(21)
	void smartConfigurationPointsAtKeycloak(String path) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
		Map<String, Object> smart = JSON.readValue(response.body(), new TypeReference<>() {});
		Map<String, Object> oidc = keycloak.openidConfiguration();
		assertThat(smart.get("authorization_endpoint")).isEqualTo(oidc.get("authorization_endpoint"))
				.isEqualTo(keycloak.authorizationEndpoint());
		assertThat(smart.get("token_endpoint")).isEqualTo(oidc.get("token_endpoint")).isEqualTo(keycloak.tokenEndpoint());
	}

	// ---- helpers -----------------------------------------------------------------------------------

	private static void assertCommonClaims(Map<String, Object> claims, String client) {
		assertThat(claims).containsEntry("iss", keycloak.issuer()).containsEntry("azp", client).containsEntry("typ", "Bearer")
				.containsKeys("sub", "exp", "iat");
		assertThat(audiences(claims)).contains(AUDIENCE);
	}

	/** {@code aud} is a string when there is one audience, an array otherwise (RFC 7519). */
	private static List<String> audiences(Map<String, Object> claims) {
		Object aud = claims.get("aud");
		if (aud instanceof String single) {
			return List.of(single);
		}
		return aud == null ? List.of() : ((Collection<?>) aud).stream().map(Object::toString).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<String> realmRoles(Map<String, Object> claims) {
		assertThat(claims).containsKey("realm_access");
		return (List<String>) ((Map<String, Object>) claims.get("realm_access")).get("roles");
	}

	private static List<String> scopes(Map<String, Object> claims) {
		assertThat(claims).containsKey("scope");
		return List.of(claims.get("scope").toString().split(" "));
	}

	private static void requireStoredPatient() {
		assertThat(hoaPatientId).as("staff.thuanhoa's POST of vn-patient-example (a test before) must have stored it").isNotNull();
	}

	/** POSTs a package example (without its id) with this token; asserts 201 and returns the new id. */
	private static String createPatient(String example, String bearer) throws Exception {
		Patient patient = Examples.get(example);
		patient.setId((String) null);
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/fhir/Patient"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(patient))), bearer);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String location = response.headers().firstValue("Location").orElseThrow();
		String id = location.replaceFirst(".*/Patient/([^/]+)/_history/.*", "$1");
		assertThat(id).as(location).doesNotContain("/");
		return id;
	}

	private static URI uri(String path) {
		return URI.create(server.fhirBaseUrl().replaceFirst("/fhir$", "") + path);
	}

	private static HttpResponse<String> get(String path, String bearer) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET(), bearer);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
		request.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(120));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
