package vn.sskdt.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real signed access tokens for tests, shaped like Keycloak's (and the local sign-in's): RS256 with
 * the key the test server is configured to trust ({@code sskdt.security.local.signing-key-file}),
 * {@code iss}, {@code aud}, {@code exp}, {@code realm_access.roles}, {@code scope} and the SSKĐT
 * claims. The server validates them exactly as it validates Keycloak's.
 */
public final class TestTokens {

	public static final String ISSUER = "https://sign-in.sskdt.test";
	public static final String AUDIENCE = "sskdt-fhir";
	public static final String SYSTEM_CLIENT_SECRET = "test-only-system-secret";

	private static final RSAKey KEY;
	private static final Path KEY_FILE;

	static {
		try {
			KEY = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
			KEY_FILE = Files.createTempFile("sskdt-test-signing-key", ".json");
			Files.writeString(KEY_FILE, new JWKSet(KEY).toString(false)); // with the private part
			KEY_FILE.toFile().deleteOnExit();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private TestTokens() {}

	/** The server properties under which these tokens are valid. */
	public static Map<String, Object> serverProperties() {
		return Map.of(
				"sskdt.security.local.issuer", ISSUER,
				"sskdt.security.local.signing-key-file", KEY_FILE.toString(),
				"sskdt.security.local.system-client-secret", SYSTEM_CLIENT_SECRET);
	}

	public static String citizen(String cccd) {
		return token("citizen", "sskdt-citizen-app", "openid patient/*.rs", Map.of("cccd", cccd));
	}

	public static String staff(String facility, String commune) {
		return token("station-staff", "sskdt-station-app", "openid user/*.cruds",
				Map.of("facility", facility, "commune", commune));
	}

	public static String analyst(String jurisdiction) {
		return token("analyst", "sskdt-dashboard", "openid user/*.rs", Map.of("jurisdiction", jurisdiction));
	}

	public static String system(String scopes) {
		return token("system", "sskdt-system", scopes, Map.of());
	}

	public static String admin() {
		return token("admin", "sskdt-dashboard", "openid user/*.cruds", Map.of());
	}

	/** A token of the given role, app and scopes, with extra claims. */
	public static String token(String role, String client, String scopes, Map<String, Object> claims) {
		return sign(base(role, client, scopes, claims).build(), KEY);
	}

	/** Same as {@link #token} but signed by a key the server does not know. */
	public static String signedByStranger(String role, String scopes, Map<String, Object> claims) {
		try {
			return sign(base(role, "stranger", scopes, claims).build(), new RSAKeyGenerator(2048).keyID(KEY.getKeyID()).generate());
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The public key of these tokens, for a decoder built in a test. */
	public static RSAKey publicKey() {
		return KEY.toPublicJWK();
	}

	/** A token valid in every way but one claim, e.g. {@code aud}, {@code iss} or {@code exp}. */
	public static String withClaim(String role, String scopes, String claim, Object value) {
		return sign(base(role, "sskdt-dashboard", scopes, Map.of()).claim(claim, value).build(), KEY);
	}

	private static JWTClaimsSet.Builder base(String role, String client, String scopes, Map<String, Object> claims) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
				.issuer(ISSUER)
				.audience(List.of(AUDIENCE))
				.subject(role + "-" + claims.getOrDefault("cccd", claims.getOrDefault("facility", "user")))
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(3600))) // an hour: one test may load a province on a busy CI machine
				.jwtID(UUID.randomUUID().toString())
				.claim("azp", client)
				.claim("scope", scopes)
				.claim("realm_access", Map.of("roles", List.of(role)));
		claims.forEach(builder::claim);
		return builder;
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}
}
