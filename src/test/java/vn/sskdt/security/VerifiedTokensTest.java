package vn.sskdt.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import vn.sskdt.support.TestTokens;

/**
 * Kept tokens, with a real RS256 decoder and a clock the test moves (the decoder's expiry check reads
 * the same clock, without leeway). Through HTTP: {@link TokenValidationTest}.
 */
class VerifiedTokensTest {

	private final MovableClock clock = new MovableClock(Instant.now());
	private final AtomicInteger verifications = new AtomicInteger();
	private final VerifiedTokens tokens = new VerifiedTokens(countingVerifier(), 100, clock);

	@Test
	void aTokenSentAgainIsNotVerifiedAgain() {
		String token = TestTokens.withClaim("admin", "user/*.cruds", "exp", Date.from(clock.instant().plusSeconds(300)));

		Jwt first = tokens.decode(token);
		Jwt second = tokens.decode(token);

		assertThat(second.getClaims()).isEqualTo(first.getClaims());
		assertThat(verifications).hasValue(1);
	}

	@Test
	void aKeptTokenIsRefusedOnceItExpires() {
		String token = TestTokens.withClaim("admin", "user/*.cruds", "exp", Date.from(clock.instant().plusSeconds(300)));
		tokens.decode(token);

		clock.advance(Duration.ofSeconds(301));

		assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
		assertThat(verifications).hasValue(2);
	}

	@Test
	void aRefusedTokenIsNotKept() {
		String token = TestTokens.signedByStranger("admin", "user/*.cruds", java.util.Map.of());

		assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(Exception.class);
		assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(Exception.class);
		assertThat(verifications).hasValue(2);
	}

	private JwtDecoder countingVerifier() {
		try {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(TestTokens.publicKey().toRSAPublicKey()).build();
			JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
			expiry.setClock(clock);
			decoder.setJwtValidator(expiry);
			return token -> {
				verifications.incrementAndGet();
				return decoder.decode(token);
			};
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static final class MovableClock extends Clock {
		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration by) {
			now = now.plus(by);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}
}
