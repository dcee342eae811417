package vn.sskdt.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every request needs a valid bearer token except the few public documents (capability statement,
 * SMART configuration, health). Tokens come from Keycloak ({@code sskdt.security.issuer-uri}) or the
 * local sign-in; both are checked the same way: signature against the issuer's keys, {@code iss},
 * expiry, and {@code aud} naming this server. What a valid caller may do is decided per FHIR request
 * by {@link AccessRules}.
 */
@Configuration(proxyBeanMethods = false)
public class ResourceServerConfig {

	/** Paths anyone may GET: what a client needs to discover how to sign in, and liveness. */
	static final String[] PUBLIC_PATHS = {
		"/fhir/metadata",
		"/fhir/.well-known/smart-configuration",
		"/.well-known/smart-configuration",
		"/actuator/health",
		"/actuator/health/**",
		"/actuator/info",
		// the dashboard's static files (its data calls carry the bearer token like any other client)
		"/dashboard",
		"/dashboard/**"
	};

	@Bean
	@Order(10) // after the local sign-in's own chains, when present
	SecurityFilterChain resourceServer(HttpSecurity http, JwtDecoder jwtDecoder, OperationOutcomeErrors errors)
			throws Exception {
		http.securityMatcher("/**")
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(HttpMethod.GET, PUBLIC_PATHS).permitAll()
						.requestMatchers("/actuator/**").hasAnyAuthority("ROLE_admin", "ROLE_system")
						.anyRequest().authenticated())
				.oauth2ResourceServer(server -> server
						.jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(ResourceServerConfig::authentication))
						.authenticationEntryPoint(errors)
						.accessDeniedHandler(errors))
				.exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				// bearer tokens in a header are not sent by browsers on their own: no CSRF exposure
				.csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<JWKSource<SecurityContext>> localKeys) {
		NimbusJwtDecoder decoder;
		String issuer;
		if (properties.localSignIn()) {
			issuer = properties.local().issuer();
			decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(localKeys.getObject());
		} else {
			issuer = properties.issuerUri();
			// both builders fetch the keys at the first token, not at start: the server starts while Keycloak is down
			decoder = properties.jwkSetUri().isBlank()
					? NimbusJwtDecoder.withIssuerLocation(issuer).build()
					: NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(issuer), audience(properties.audience())));
		return properties.verifiedTokensKept() > 0
				? new VerifiedTokens(decoder, properties.verifiedTokensKept(), Clock.systemUTC())
				: decoder;
	}

	private static OAuth2TokenValidator<Jwt> audience(String audience) {
		OAuth2Error wrongAudience =
				new OAuth2Error("invalid_token", "The token is not meant for this server (aud)", null);
		return jwt -> {
			List<String> aud = jwt.getAudience();
			return aud != null && aud.contains(audience)
					? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(wrongAudience);
		};
	}

	/** Spring authorities only gate the actuator; FHIR access is decided by {@link AccessRules}. */
	private static JwtAuthenticationToken authentication(Jwt jwt) {
		Caller caller = Caller.of(jwt);
		List<SimpleGrantedAuthority> authorities = caller.role()
				.map(role -> List.of(new SimpleGrantedAuthority("ROLE_" + role.claimValue())))
				.orElse(List.of());
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}
}
