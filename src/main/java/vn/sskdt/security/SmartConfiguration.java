package vn.sskdt.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * SMART App Launch v2 discovery: {@code [base]/.well-known/smart-configuration} tells an app where to
 * sign in (Keycloak, or the local sign-in), and the CapabilityStatement says the same in
 * {@code rest.security}. With Keycloak the endpoints are read from its OpenID metadata (once, then
 * kept), so the realm stays the one place they are configured.
 */
@RestController
public class SmartConfiguration implements FhirServerInterceptor {

	static final String PATH = "/.well-known/smart-configuration";

	private final SecurityProperties properties;
	private final ObjectMapper json = new ObjectMapper();
	private final AtomicReference<JsonNode> issuerMetadata = new AtomicReference<>();

	SmartConfiguration(SecurityProperties properties) {
		this.properties = properties;
	}

	/** SMART places the document under the FHIR base, where HAPI's servlet is: answered by a filter there. */
	@Bean
	static FilterRegistrationBean<jakarta.servlet.Filter> smartConfigurationUnderFhirBase(
			org.springframework.beans.factory.ObjectProvider<SmartConfiguration> smart, ObjectMapper mapper) {
		FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			response.setContentType("application/json");
			mapper.writeValue(response.getOutputStream(), smart.getObject().document((HttpServletRequest) request));
		});
		registration.addUrlPatterns("/fhir" + PATH);
		return registration;
	}

	@GetMapping(value = PATH, produces = "application/json")
	public Map<String, Object> document(HttpServletRequest request) {
		Endpoints endpoints = endpoints(request);
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", endpoints.issuer());
		document.put("jwks_uri", endpoints.jwks());
		document.put("authorization_endpoint", endpoints.authorize());
		document.put("token_endpoint", endpoints.token());
		document.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
		document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("scopes_supported", List.of(
				"openid", "fhirUser", "launch/patient", "patient/*.rs", "patient/Patient.rs",
				"patient/Observation.rs", "patient/Immunization.rs", "patient/AuditEvent.rs",
				"user/*.cruds", "user/*.rs", "system/*.rs", "system/*.cruds"));
		document.put("capabilities", List.of(
				"launch-standalone", "client-public", "client-confidential-symmetric", "sso-openid-connect",
				"permission-v2", "permission-v1", "permission-patient", "permission-user"));
		return document;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	void declareSecurity(IBaseConformance capabilityStatement, RequestDetails request) {
		if (!(capabilityStatement instanceof CapabilityStatement statement) || !statement.hasRest()) {
			return;
		}
		CapabilityStatement.CapabilityStatementRestSecurityComponent security = statement.getRestFirstRep().getSecurity();
		security.setCors(true);
		security.addService(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
		security.setDescription("OAuth2 bearer tokens (SMART App Launch v2); see .well-known/smart-configuration");
		try {
			Endpoints endpoints = endpoints(request instanceof ca.uhn.fhir.rest.server.servlet.ServletRequestDetails s
					? s.getServletRequest() : null);
			Extension oauth = security.addExtension()
					.setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
			oauth.addExtension("authorize", new UriType(endpoints.authorize()));
			oauth.addExtension("token", new UriType(endpoints.token()));
		} catch (ResponseStatusException unavailable) {
			// the identity provider is down: the statement still says SMART, without the URLs
		}
	}

	record Endpoints(String issuer, String authorize, String token, String jwks) {}

	private Endpoints endpoints(HttpServletRequest request) {
		if (properties.localSignIn()) {
			String base = request == null
					? properties.local().issuer()
					: ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
			return new Endpoints(properties.local().issuer(),
					base + "/oauth2/authorize", base + "/oauth2/token", base + "/oauth2/jwks");
		}
		JsonNode metadata = issuerMetadata.updateAndGet(known -> known != null ? known : fetchIssuerMetadata());
		return new Endpoints(properties.issuerUri(),
				metadata.path("authorization_endpoint").asText(),
				metadata.path("token_endpoint").asText(),
				metadata.path("jwks_uri").asText());
	}

	private JsonNode fetchIssuerMetadata() {
		String url = properties.issuerUri().replaceAll("/$", "") + "/.well-known/openid-configuration";
		try {
			HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
					.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
							HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode());
			}
			return json.readTree(response.body());
		} catch (Exception e) {
			if (e instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"identity provider metadata unavailable: " + url, e);
		}
	}
}
