package vn.sskdt.security;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART App Launch resource scopes of a token ({@code patient/*.rs}, {@code user/Observation.cruds},
 * {@code system/*.read}…), as permissions per context and resource type. HAPI does not interpret SMART
 * scopes, so this small parser does; the rules then grant the intersection of role and scopes.
 * Granular v2 query forms ({@code patient/Observation.rs?category=…}) are honoured as their resource
 * type only, i.e. never wider than the role allows but possibly wider than the query: noted as a limit.
 */
public final class SmartScopes {

	public enum Context {
		PATIENT,
		USER,
		SYSTEM
	}

	public enum Permission {
		CREATE,
		READ,
		UPDATE,
		DELETE,
		SEARCH
	}

	public static final String ANY_TYPE = "*";

	private static final Pattern SCOPE =
			Pattern.compile("^(patient|user|system)/([A-Za-z]+|\\*)\\.(c?r?u?d?s?|read|write|\\*)(\\?.*)?$");

	private final Map<Context, Map<String, Set<Permission>>> grants = new EnumMap<>(Context.class);

	private SmartScopes() {}

	public static SmartScopes parse(Collection<String> scopes) {
		SmartScopes result = new SmartScopes();
		for (String scope : scopes) {
			Matcher m = SCOPE.matcher(scope);
			if (!m.matches() || m.group(3).isEmpty()) {
				continue; // openid, profile, launch/patient, fhirUser… carry no resource permission
			}
			Context context = Context.valueOf(m.group(1).toUpperCase());
			result.grants
					.computeIfAbsent(context, c -> new HashMap<>())
					.computeIfAbsent(m.group(2), t -> EnumSet.noneOf(Permission.class))
					.addAll(permissions(m.group(3)));
		}
		return result;
	}

	private static Set<Permission> permissions(String spec) {
		return switch (spec) {
			case "read" -> EnumSet.of(Permission.READ, Permission.SEARCH); // SMART v1
			case "write" -> EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
			case "*" -> EnumSet.allOf(Permission.class);
			default -> {
				Set<Permission> set = EnumSet.noneOf(Permission.class);
				for (char c : spec.toCharArray()) {
					set.add(switch (c) {
						case 'c' -> Permission.CREATE;
						case 'r' -> Permission.READ;
						case 'u' -> Permission.UPDATE;
						case 'd' -> Permission.DELETE;
						default -> Permission.SEARCH;
					});
				}
				yield set;
			}
		};
	}

	public boolean has(Context context) {
		return grants.containsKey(context);
	}

	/** What the scopes of {@code context} allow on {@code resourceType} ({@code *} scopes included). */
	public Set<Permission> permissions(Context context, String resourceType) {
		Map<String, Set<Permission>> byType = grants.getOrDefault(context, Map.of());
		Set<Permission> result = EnumSet.noneOf(Permission.class);
		result.addAll(byType.getOrDefault(ANY_TYPE, Set.of()));
		result.addAll(byType.getOrDefault(resourceType, Set.of()));
		return result;
	}

	public boolean permits(Context context, String resourceType, Permission permission) {
		return permissions(context, resourceType).contains(permission);
	}
}
