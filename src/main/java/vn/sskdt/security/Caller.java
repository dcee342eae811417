package vn.sskdt.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as their validated access token says. The claims are the contract with the identity
 * provider (Keycloak realm in {@code docker/keycloak/}, or the local sign-in):
 * {@code realm_access.roles}, {@code scope}, {@code azp} (the app), and per role {@code cccd} (citizen's
 * personal ID), {@code facility} + {@code commune} (station staff), {@code jurisdiction} (analyst:
 * province or commune code).
 *
 * @param role empty when the token holds no role usable with its scopes: such a caller may do nothing
 */
public record Caller(
		String subject,
		String clientId,
		Optional<Role> role,
		SmartScopes scopes,
		String cccd,
		String facility,
		String commune,
		String jurisdiction) {

	public static Caller of(Jwt jwt) {
		List<String> scopeList = scopes(jwt.getClaim("scope"));
		SmartScopes scopes = SmartScopes.parse(scopeList);
		return new Caller(
				jwt.getSubject(),
				firstNonBlank(jwt.getClaimAsString("azp"), jwt.getClaimAsString("client_id")),
				Role.actingRole(realmRoles(jwt), scopes),
				scopes,
				text(jwt, "cccd"),
				text(jwt, "facility"),
				text(jwt, "commune"),
				text(jwt, "jurisdiction"));
	}

	/** The caller of the current HTTP request, if it presented a valid token. */
	public static Optional<Caller> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			return Optional.of(of(token.getToken()));
		}
		return Optional.empty();
	}

	public boolean is(Role expected) {
		return role.filter(expected::equals).isPresent();
	}

	/** A short description for the audit trail: role, and facility or jurisdiction where they apply. */
	public String describe() {
		String name = role.map(Role::claimValue).orElse("no-role");
		if (!facility.isEmpty()) {
			name += " " + facility;
		}
		if (!jurisdiction.isEmpty()) {
			name += " " + jurisdiction;
		}
		return name;
	}

	private static List<String> scopes(Object claim) {
		// Keycloak sends one space-separated string (RFC 8693), Spring Authorization Server a JSON array
		if (claim instanceof String text) {
			return Arrays.stream(text.split(" ")).filter(s -> !s.isBlank()).toList();
		}
		if (claim instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static Collection<String> realmRoles(Jwt jwt) {
		Object realmAccess = jwt.getClaims().get("realm_access");
		if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
			return roles.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static String text(Jwt jwt, String claim) {
		String value = jwt.getClaimAsString(claim);
		return value == null ? "" : value.trim();
	}

	private static String firstNonBlank(String a, String b) {
		return a != null && !a.isBlank() ? a : (b == null ? "" : b);
	}
}
