package vn.sskdt.security;

import java.util.Collection;
import java.util.Optional;

/**
 * The realm roles of the identity provider (Keycloak realm roles, local demo users), as they appear in
 * the token's {@code realm_access.roles}.
 */
public enum Role {
	/** reads their own health book and their children's; never writes */
	CITIZEN("citizen", SmartScopes.Context.PATIENT),
	/** commune health station: submits and reads the records of their commune's residents */
	STATION_STAFF("station-staff", SmartScopes.Context.USER),
	/** health department: indicators and aggregate reports of a jurisdiction, no personal data */
	ANALYST("analyst", SmartScopes.Context.USER),
	/** back-end jobs through a service account: what their system scopes grant */
	SYSTEM("system", SmartScopes.Context.SYSTEM),
	/** operators: everything, including correcting the audit trail */
	ADMIN("admin", SmartScopes.Context.USER);

	private final String claimValue;
	private final SmartScopes.Context context;

	Role(String claimValue, SmartScopes.Context context) {
		this.claimValue = claimValue;
		this.context = context;
	}

	public String claimValue() {
		return claimValue;
	}

	/** the SMART scope context ({@code patient/}, {@code user/}, {@code system/}) this role acts in */
	public SmartScopes.Context context() {
		return context;
	}

	/**
	 * The role a token acts in. A person may hold several roles (a nurse is also a citizen); the app's
	 * scopes say which one this token is for: {@code patient/} scopes make a citizen session,
	 * {@code system/} a service account, {@code user/} the most specific staff role held. Deny by
	 * default: no matching role, no role.
	 */
	static Optional<Role> actingRole(Collection<String> roleClaims, SmartScopes scopes) {
		if (scopes.has(SmartScopes.Context.PATIENT) && roleClaims.contains(CITIZEN.claimValue)) {
			return Optional.of(CITIZEN);
		}
		if (scopes.has(SmartScopes.Context.SYSTEM) && roleClaims.contains(SYSTEM.claimValue)) {
			return Optional.of(SYSTEM);
		}
		if (scopes.has(SmartScopes.Context.USER)) {
			for (Role role : new Role[] {ADMIN, STATION_STAFF, ANALYST}) {
				if (roleClaims.contains(role.claimValue)) {
					return Optional.of(role);
				}
			}
		}
		return Optional.empty();
	}
}
