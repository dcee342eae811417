package vn.sskdt.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who issues the tokens the server accepts.
 *
 * @param issuerUri  the OpenID Connect issuer (Keycloak: {@code https://host/realms/sskdt}). Tokens must
 *                   carry exactly this {@code iss}; keys come from its JWKS. Empty: the local sign-in of
 *                   the embedded default issues the tokens (see {@link Local}).
 * @param jwkSetUri  where the issuer's keys are, when it is not {@code <issuer>/protocol/openid-connect/certs}
 *                   as discovered from the issuer's metadata; usually empty
 * @param audience   every access token must name this server in {@code aud} (a Keycloak realm adds it
 *                   with an audience mapper), so that a token minted for another service is refused
 * @param local      the local sign-in, used only when {@code issuerUri} is empty
 * @param verifiedTokensKept how many verified tokens are kept until they expire, so that a token sent
 *                   again is not verified again ({@link VerifiedTokens}); 0: every request is verified
 */
@ConfigurationProperties("sskdt.security")
public record SecurityProperties(
		@DefaultValue("") String issuerUri,
		@DefaultValue("") String jwkSetUri,
		@DefaultValue("sskdt-fhir") String audience,
		@DefaultValue Local local,
		@DefaultValue("10000") long verifiedTokensKept) {

	public boolean localSignIn() {
		return issuerUri.isBlank();
	}

	/**
	 * The local sign-in (an OAuth2 authorization server inside this process) for running without
	 * Keycloak. It issues the same kind of tokens, checked by the same validation; only demo users exist.
	 *
	 * @param issuer          the {@code iss} of its tokens
	 * @param signingKeyFile  a JWK set (JSON) holding the RSA key that signs tokens; empty: a new key at
	 *                        every start, so tokens do not survive a restart
	 * @param systemClientSecret secret of the {@code sskdt-system} client (client credentials); empty:
	 *                        no system client. From the environment only.
	 * @param redirectUris    where the public apps (citizen app, station app, dashboard) may be sent back
	 * @param users           the demo users and the claims their tokens carry
	 */
	public record Local(
			@DefaultValue("http://localhost:8080") String issuer,
			@DefaultValue("") String signingKeyFile,
			@DefaultValue("") String systemClientSecret,
			@DefaultValue List<String> redirectUris,
			@DefaultValue List<DemoUser> users) {}

	/**
	 * A local demo user. {@code password} is a Spring Security password-encoder string
	 * ({@code {bcrypt}…}); the plain demo passwords are in the README.
	 */
	public record DemoUser(
			String username,
			String password,
			String role,
			@DefaultValue("") String name,
			@DefaultValue("") String cccd,
			@DefaultValue("") String facility,
			@DefaultValue("") String commune,
			@DefaultValue("") String jurisdiction) {}
}
