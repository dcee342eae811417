package vn.sskdt.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Bearer tokens already verified, so that an app sending the same token with every request (a citizen
 * paging through their book, a station posting a batch) pays the signature check and claim conversion
 * once, not per request: that check was a fifth of a warm health-book request's CPU (BENCHMARKS.md).
 *
 * <p>Only tokens that passed every check of the wrapped decoder are kept, keyed by the exact token text,
 * and only until they expire: a kept token past its {@code exp} is verified again, and so refused as
 * before. What this gives up: a signing key withdrawn from the issuer's key set stops taking effect for
 * the tokens already kept only at their expiry (Keycloak's access tokens live minutes); JWTs cannot be
 * revoked one by one anyway without introspection. Spring Security has no such cache of its own (its
 * decoders cache the keys, not the verified tokens), hence this class.
 */
final class VerifiedTokens implements JwtDecoder {

	private final JwtDecoder verifier;
	private final Clock clock;
	private final Cache<String, Jwt> kept;

	/** @param maximum how many verified tokens are kept (least recently used out first); 0 keeps none */
	VerifiedTokens(JwtDecoder verifier, long maximum, Clock clock) {
		this.verifier = verifier;
		this.clock = clock;
		this.kept = Caffeine.newBuilder()
				.maximumSize(maximum)
				.expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt)))
				.build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = kept.getIfPresent(token);
		if (jwt != null && clock.instant().isBefore(jwt.getExpiresAt())) {
			return jwt;
		}
		jwt = verifier.decode(token); // throws when the token is not (or no longer) acceptable
		if (jwt.getExpiresAt() != null && untilExpiry(jwt).compareTo(Duration.ZERO) > 0) {
			kept.put(token, jwt);
		}
		return jwt;
	}

	private Duration untilExpiry(Jwt jwt) {
		Instant expires = jwt.getExpiresAt();
		return expires == null ? Duration.ZERO : Duration.between(clock.instant(), expires);
	}
}
