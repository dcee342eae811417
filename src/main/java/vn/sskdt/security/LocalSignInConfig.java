package vn.sskdt.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The local sign-in of the embedded default: Spring Authorization Server inside this process, so that
 * the run command works without Keycloak and still no request reaches personal data without a real,
 * signed token. It mirrors the Keycloak realm in {@code docker/keycloak/}: the same clients, scopes,
 * roles and claims, for demo users only. Active only when {@code sskdt.security.issuer-uri} is empty.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(IssuerIsLocal.class)
public class LocalSignInConfig {

	private static final Logger log = LoggerFactory.getLogger(LocalSignInConfig.class);

	static final List<String> PATIENT_SCOPES = List.of(
			"patient/*.rs", "patient/Patient.rs", "patient/Observation.rs", "patient/Immunization.rs",
			"patient/AuditEvent.rs", "launch/patient");
	static final List<String> USER_SCOPES = List.of("user/*.cruds", "user/*.rs", "fhirUser");
	static final List<String> SYSTEM_SCOPES = List.of("system/*.rs", "system/*.cruds");


	@Bean
	@Order(1)
	SecurityFilterChain localAuthorizationServer(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, s -> s.oidc(Customizer.withDefaults()))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				// a browser without a session is sent to the sign-in form, then back to the authorize request
				.exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain localSignInForm(HttpSecurity http) throws Exception {
		http.securityMatcher("/login", "/logout", "/default-ui.css")
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.local().issuer()).build();
	}

	@Bean
	JWKSource<SecurityContext> localSigningKeys(SecurityProperties properties) throws Exception {
		String file = properties.local().signingKeyFile();
		JWKSet keys;
		if (file.isBlank()) {
			keys = new JWKSet(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate());
		} else {
			keys = JWKSet.parse(Files.readString(Path.of(file)));
			if (keys.getKeys().isEmpty() || !(keys.getKeys().get(0) instanceof RSAKey key) || !key.isPrivate()) {
				throw new IOException("sskdt.security.local.signing-key-file must hold a private RSA JWK: " + file);
			}
		}
		return new ImmutableJWKSet<>(keys);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService demoUsers(SecurityProperties properties) {
		log.warn("Local sign-in is active (no sskdt.security.issuer-uri): {} demo users; not for production",
				properties.local().users().size());
		return new InMemoryUserDetailsManager(properties.local().users().stream()
				.map(user -> User.withUsername(user.username()).password(user.password()).roles(user.role()).build())
				.toList());
	}

	@Bean
	RegisteredClientRepository localClients(SecurityProperties properties) {
		SecurityProperties.Local local = properties.local();
		TokenSettings fifteenMinutes =
				TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(15)).build();
		List<RegisteredClient> clients = new java.util.ArrayList<>();
		clients.add(publicApp("sskdt-citizen-app", PATIENT_SCOPES, local.redirectUris(), fifteenMinutes));
		clients.add(publicApp("sskdt-station-app", USER_SCOPES, local.redirectUris(), fifteenMinutes));
		clients.add(publicApp("sskdt-dashboard", USER_SCOPES, local.redirectUris(), fifteenMinutes));
		if (!local.systemClientSecret().isBlank()) {
			clients.add(RegisteredClient.withId("sskdt-system")
					.clientId("sskdt-system")
					.clientSecret(passwordEncoder().encode(local.systemClientSecret()))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scopes(s -> s.addAll(SYSTEM_SCOPES))
					.tokenSettings(fifteenMinutes)
					.build());
		}
		return new InMemoryRegisteredClientRepository(clients);
	}

	private static RegisteredClient publicApp(
			String id, List<String> scopes, List<String> redirectUris, TokenSettings tokens) {
		return RegisteredClient.withId(id)
				.clientId(id)
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUris(uris -> uris.addAll(redirectUris))
				.scope(OidcScopes.OPENID)
				.scopes(s -> s.addAll(scopes))
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.tokenSettings(tokens)
				.build();
	}

	/** Puts into access tokens what Keycloak's protocol mappers put there: audience, roles, claims. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> keycloakShapedClaims(SecurityProperties properties) {
		Map<String, SecurityProperties.DemoUser> users = properties.local().users().stream()
				.collect(Collectors.toMap(SecurityProperties.DemoUser::username, Function.identity()));
		return context -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			var claims = context.getClaims();
			claims.audience(List.of(properties.audience()));
			claims.claim("azp", context.getRegisteredClient().getClientId());
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				claims.claim("realm_access", Map.of("roles", List.of(Role.SYSTEM.claimValue())));
				return;
			}
			SecurityProperties.DemoUser user = users.get(context.getPrincipal().getName());
			if (user == null) {
				return;
			}
			claims.claim("realm_access", Map.of("roles", List.of(user.role())));
			putIfPresent(claims, "name", user.name());
			putIfPresent(claims, "cccd", user.cccd());
			putIfPresent(claims, "facility", user.facility());
			putIfPresent(claims, "commune", user.commune());
			putIfPresent(claims, "jurisdiction", user.jurisdiction());
		};
	}

	private static void putIfPresent(
			org.springframework.security.oauth2.jwt.JwtClaimsSet.Builder claims, String name, String value) {
		if (value != null && !value.isBlank()) {
			claims.claim(name, value);
		}
	}
}
