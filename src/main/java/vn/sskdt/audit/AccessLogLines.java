package vn.sskdt.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import java.text.MessageFormat;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * One AuditEvent as a sentence a citizen reads: when (local time with its offset), who (role, station or
 * app — never a person's name, personal ID or user account), what (read, searched, added… which part of
 * the book, or which function) and whether it was refused. The words are in
 * {@code access-log_vi.properties} and {@code access-log_en.properties}; anything unknown falls back to
 * a generic wording rather than showing codes.
 */
final class AccessLogLines {

	/** A rendered line; {@code when} keeps the exact instant in local time for {@code List.entry.date}. */
	record Line(ZonedDateTime when, String text, boolean allowed) {}

	private static final Pattern OPERATION = Pattern.compile("\\$([a-z][a-z-]*)");
	private static final String QUERY_ROLE = BalpConstants.CS_OBJECT_ROLE_24_QUERY;
	private static final String DATA_ROLE = BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE;

	private final ResourceBundle words;
	private final DateTimeFormatter time;
	private final ZoneId zone;
	private final String viewer;
	private final Function<String, Optional<String>> facilityName;

	/**
	 * @param viewer       the token subject of whoever asks for the log: their own accesses read "you"
	 * @param facilityName the station's name from its facility code, when the server knows the Organization
	 */
	AccessLogLines(boolean english, ZoneId zone, String viewer, Function<String, Optional<String>> facilityName) {
		Locale locale = english ? Locale.ENGLISH : Locale.forLanguageTag("vi");
		this.words = ResourceBundle.getBundle("vn.sskdt.audit.access-log", locale,
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
		this.time = DateTimeFormatter.ofPattern(words.getString("time"), locale);
		this.zone = zone;
		this.viewer = viewer;
		this.facilityName = facilityName;
	}

	String word(String key) {
		return words.getString(key);
	}

	Line line(AuditEvent event) {
		ZonedDateTime when = event.getRecorded().toInstant().atZone(zone);
		boolean allowed = event.getOutcome() == null || event.getOutcome() == AuditEvent.AuditEventOutcome._0;
		String text = format(allowed ? "line.allowed" : "line.refused", time.format(when), who(event, allowed), what(event, allowed));
		return new Line(when, text, allowed);
	}

	private String who(AuditEvent event, boolean allowed) {
		Optional<AuditEventAgentComponent> requestor =
				event.getAgent().stream().filter(AuditEventAgentComponent::getRequestor).findFirst();
		String user = requestor.map(a -> identifier(a.getWho(), AuditContext.USER_SYSTEM)).orElse("");
		if (!user.isEmpty() && user.equals(viewer)) {
			return word("who.self");
		}
		String role = requestor.flatMap(a -> a.getRole().stream().flatMap(r -> r.getCoding().stream())
						.filter(c -> PersonDataAudit.ROLE_SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst())
				.orElse("");
		String client = agentIdentifier(event, AuditContext.CLIENT_SYSTEM);
		String facility = agentIdentifier(event, PersonDataAudit.FACILITY_SYSTEM);
		switch (role) {
			case "citizen":
				// only the holder and their guardians are let in: a refused citizen is someone else
				return format(allowed ? "who.citizen" : "who.citizen.other", client);
			case "station-staff":
				if (facility.isEmpty()) {
					return word("who.staff");
				}
				return facilityName.apply(facility)
						.map(name -> format("who.station.named", name))
						.orElseGet(() -> format("who.station", facility));
			case "analyst":
				return word("who.analyst");
			case "system":
				return format("who.system", client);
			case "admin":
				return word("who.admin");
			default:
				return word("who.unknown");
		}
	}

	private String what(AuditEvent event, boolean allowed) {
		String tense = allowed ? "done." : "try.";
		Optional<String> operation = operation(event);
		if (operation.isPresent()) {
			String key = tense + "$" + operation.get();
			return words.containsKey(key) ? word(key) : format(tense + "operation", "$" + operation.get());
		}
		if (event.getEntity().stream().anyMatch(e -> QUERY_ROLE.equals(e.getRole().getCode()))) {
			return format(tense + "search", noun("all.", searchedType(event)));
		}
		String kind = switch (event.getAction() == null ? AuditEvent.AuditEventAction.E : event.getAction()) {
			case C -> "create";
			case U -> "update";
			case D -> "delete";
			default -> "read";
		};
		return format(tense + kind, noun("one.", accessedType(event)));
	}

	/** The operation named in the request URL that PatientListAudit and refused attempts record. */
	private static Optional<String> operation(AuditEvent event) {
		boolean isOperation = event.getSubtype().stream().map(Coding::getCode)
				.anyMatch(code -> code != null && (code.equals("operation") || code.startsWith("extended-operation")));
		if (!isOperation) {
			return Optional.empty();
		}
		return event.getEntity().stream()
				.flatMap(e -> Stream.of(e.getName(), e.getDescription(), e.getWhat().getDisplay()))
				.filter(text -> text != null)
				.map(OPERATION::matcher)
				.filter(Matcher::find)
				.map(m -> m.group(1))
				.findFirst();
	}

	/** The resource type read or written: the data entity, or the Patient itself for a refused attempt. */
	private static String accessedType(AuditEvent event) {
		return event.getEntity().stream()
				.filter(e -> DATA_ROLE.equals(e.getRole().getCode()) || !e.getRole().hasCode())
				.map(e -> typeOf(e.getWhat()))
				.filter(type -> !type.isEmpty())
				.findFirst()
				.orElseGet(() -> event.getEntity().stream()
						.filter(e -> BalpConstants.CS_OBJECT_ROLE_1_PATIENT.equals(e.getRole().getCode()))
						.findFirst().map(e -> "Patient").orElse(""));
	}

	/** The type searched, from BALP's query description {@code GET <server base>/<Type>?…}. */
	private static String searchedType(AuditEvent event) {
		String base = event.getSource().getObserver().getDisplay();
		return event.getEntity().stream()
				.filter(e -> QUERY_ROLE.equals(e.getRole().getCode()) && e.hasDescription())
				.map(AuditEventEntityComponent::getDescription)
				.map(description -> {
					int start = base == null ? -1 : description.indexOf(base);
					String path = start < 0 ? "" : description.substring(start + base.length()).replaceFirst("^/", "");
					return path.split("[/?]", 2)[0];
				})
				.findFirst().orElse("");
	}

	private static String typeOf(Reference what) {
		String id = what.hasReference() ? what.getReference()
				: what.getIdentifier().hasValue() ? what.getIdentifier().getValue() : "";
		int slash = id.indexOf('/');
		return slash > 0 ? id.substring(0, slash) : "";
	}

	private String noun(String prefix, String type) {
		return words.containsKey(prefix + type) ? word(prefix + type) : word(prefix + "default");
	}

	private static String identifier(Reference who, String system) {
		return system.equals(who.getIdentifier().getSystem()) && who.getIdentifier().hasValue()
				? who.getIdentifier().getValue() : "";
	}

	private static String agentIdentifier(AuditEvent event, String system) {
		return event.getAgent().stream().map(a -> identifier(a.getWho(), system))
				.filter(value -> !value.isEmpty()).findFirst().orElse("");
	}

	private String format(String key, Object... arguments) {
		try {
			return new MessageFormat(word(key), words.getLocale()).format(arguments);
		} catch (MissingResourceException e) {
			throw new IllegalStateException("access log wording misses " + key, e);
		}
	}
}
