package vn.sskdt.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's storage: a compact table ({@code audit-trail-schema.sql}) written by plain JDBC.
 *
 * <p>Why not HAPI's resource storage, as every other resource: an AuditEvent stored through HAPI is a
 * resource row, a version row and a dozen search-index rows, each with several indexes, and on 2 cores
 * storing the trail of a health-book opening cost about as much as answering it; the writer fell
 * behind at ~200 events/s while citizens opened ~400 books/s (BENCHMARKS.md, citizen run D). Here an
 * event is one row plus one per person concerned, and it is searched only the ways the trail is used
 * (a person's trail by date; an auditor's filters): the {@link AuditTrailProvider} serves it as
 * ordinary AuditEvent resources.
 */
@Component
public class AuditTrail {

	/** What the trail is searched by (AuditTrailProvider's parameters); null = any. */
	public record Query(
			String patientId, Instant from, Instant to, Set<String> actions, Set<String> outcomes,
			String requestorRole, String subtype, boolean newestFirst) {

		public static Query ofPatient(String patientId) {
			return new Query(patientId, null, null, Set.of(), Set.of(), null, null, true);
		}
	}

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final FhirContext fhirContext;

	AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactions, FhirContext fhirContext) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.fhirContext = fhirContext;
		new ResourceDatabasePopulator(new ClassPathResource("vn/sskdt/audit/audit-trail-schema.sql")).execute(jdbc.getDataSource());
	}

	/**
	 * A failed statement, for a log line: the exception's class and SQL state, never its message (the
	 * driver's message of a failed batch quotes the rows, and an event's query text can hold a personal ID).
	 */
	static String failure(RuntimeException e) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
		return e.getClass().getSimpleName() + ", SQL state " + (cause instanceof SQLException sql ? sql.getSQLState() : "none");
	}

	/** The columns an event fills besides its id and version, in this order ({@link #columns}). */
	private static final String COLUMNS = "recorded, action, outcome, requestor_role, subtypes, last_updated, event";
	private static final String PERSON_ROW =
			"insert into audit_trail_patient (patient_id, recorded, event_id) values (?, ?, ?) on conflict do nothing";

	/**
	 * Stores new events in one database transaction, giving each an id (one it has is kept, and an event
	 * already stored under it is left as it is: a copy resumed after an interruption).
	 */
	public void add(List<AuditEvent> events) {
		List<Object[]> rows = new ArrayList<>(events.size());
		List<Object[]> people = new ArrayList<>();
		Timestamp now = Timestamp.from(Instant.now());
		IParser json = fhirContext.newJsonParser();
		for (AuditEvent event : events) {
			if (!event.getIdElement().hasIdPart()) {
				event.setId(UUID.randomUUID().toString());
			}
			String id = event.getIdElement().getIdPart();
			Object[] columns = columns(event, now, json);
			Object[] row = new Object[columns.length + 1];
			row[0] = id;
			System.arraycopy(columns, 0, row, 1, columns.length);
			rows.add(row);
			people.addAll(personRows(event, id));
		}
		transaction.executeWithoutResult(status -> {
			jdbc.batchUpdate("insert into audit_trail (id, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)"
					+ " on conflict (id) do nothing", rows);
			jdbc.batchUpdate(PERSON_ROW, people);
		});
	}

	/** An administrator's correction: the event replaces the stored one as its next version. */
	public Optional<AuditEvent> replace(String id, AuditEvent event) {
		return Optional.ofNullable(transaction.execute(status -> {
			List<AuditEvent> stored = jdbc.query("select event from audit_trail where id = ? for update",
					(row, n) -> fhirContext.newJsonParser().parseResource(AuditEvent.class, row.getString(1)), id);
			if (stored.isEmpty()) {
				return null;
			}
			event.setId(id);
			Object[] columns = columns(event, Timestamp.from(Instant.now()), fhirContext.newJsonParser());
			Object[] args = java.util.Arrays.copyOf(columns, columns.length + 1);
			args[columns.length] = id;
			jdbc.update("update audit_trail set (" + COLUMNS + ") = (?, ?, ?, ?, ?, ?, ?), version = version + 1"
					+ " where id = ?", args);
			// the person rows are found by their key (no index by event: it would cost every write)
			jdbc.batchUpdate("delete from audit_trail_patient where patient_id = ? and recorded = ? and event_id = ?",
					personRows(stored.get(0), id));
			jdbc.batchUpdate(PERSON_ROW, personRows(event, id));
			return read(id).orElseThrow();
		}));
	}

	/** The values of {@link #COLUMNS}; an event without a recorded time is given {@code now}. */
	private static Object[] columns(AuditEvent event, Timestamp now, IParser json) {
		if (!event.hasRecorded()) {
			event.setRecorded(Date.from(now.toInstant()));
		}
		return new Object[] {new Timestamp(event.getRecorded().getTime()), code(event.getAction()),
				code(event.getOutcome()), requestorRole(event), subtypes(event), now, json.encodeResourceToString(bare(event))};
	}

	/** One row of audit_trail_patient per person the event concerns. */
	private static List<Object[]> personRows(AuditEvent event, String id) {
		Timestamp recorded = new Timestamp(event.getRecorded().getTime());
		return patients(event).stream().map(patient -> new Object[] {patient, recorded, id}).toList();
	}

	public Optional<AuditEvent> read(String id) {
		return jdbc.query("select id, version, last_updated, event from audit_trail where id = ?",
				(row, n) -> parse(row.getString(1), row.getInt(2), row.getTimestamp(3), row.getString(4)), id)
				.stream().findFirst();
	}

	/** One page of the matching events, by recorded time (ties by id, so pages never overlap). */
	public List<AuditEvent> search(Query query, int offset, int count) {
		List<Object> args = new ArrayList<>();
		String sql = "select t.id, t.version, t.last_updated, t.event from " + from(query, args)
				+ " order by t.recorded " + (query.newestFirst() ? "desc" : "asc") + ", t.id"
				+ " limit ? offset ?";
		args.add(count);
		args.add(offset);
		return jdbc.query(sql, (row, n) -> parse(row.getString(1), row.getInt(2), row.getTimestamp(3), row.getString(4)),
				args.toArray());
	}

	public int count(Query query) {
		List<Object> args = new ArrayList<>();
		return jdbc.queryForObject("select count(*) from " + from(query, args), Integer.class, args.toArray());
	}

	private static String from(Query query, List<Object> args) {
		StringBuilder sql = new StringBuilder();
		List<String> where = new ArrayList<>();
		String recorded = "t.recorded";
		if (query.patientId() != null) {
			// the person's index rows first: their trail is found without reading anyone else's
			sql.append("audit_trail_patient p join audit_trail t on t.id = p.event_id");
			where.add("p.patient_id = ?");
			args.add(query.patientId());
			recorded = "p.recorded";
		} else {
			sql.append("audit_trail t");
		}
		if (query.from() != null) {
			where.add(recorded + " >= ?");
			args.add(Timestamp.from(query.from()));
		}
		if (query.to() != null) {
			where.add(recorded + " <= ?");
			args.add(Timestamp.from(query.to()));
		}
		if (!query.actions().isEmpty()) {
			where.add("t.action = any(?)");
			args.add(query.actions().toArray(String[]::new));
		}
		if (!query.outcomes().isEmpty()) {
			where.add("t.outcome = any(?)");
			args.add(query.outcomes().toArray(String[]::new));
		}
		if (query.requestorRole() != null) {
			where.add("t.requestor_role = ?");
			args.add(query.requestorRole());
		}
		if (query.subtype() != null) {
			// "system|code", or "code" of any system
			where.add(query.subtype().contains("|")
					? "? = any(t.subtypes)"
					: "exists (select 1 from unnest(t.subtypes) s where split_part(s, '|', 2) = ?)");
			args.add(query.subtype());
		}
		if (!where.isEmpty()) {
			sql.append(" where ").append(String.join(" and ", where));
		}
		return sql.toString();
	}

	private AuditEvent parse(String id, int version, Timestamp lastUpdated, String json) {
		AuditEvent event = fhirContext.newJsonParser().parseResource(AuditEvent.class, json);
		event.setId(new org.hl7.fhir.r4.model.IdType("AuditEvent", id, Integer.toString(version)));
		event.getMeta().setVersionId(Integer.toString(version));
		event.getMeta().setLastUpdatedElement(new InstantType(new Date(lastUpdated.getTime())));
		return event;
	}

	/** The event without what the table keeps in columns (id, version, last update). */
	private static AuditEvent bare(AuditEvent event) {
		AuditEvent copy = event.copy();
		copy.setIdElement(null);
		copy.getMeta().setVersionId(null).setLastUpdated(null);
		return copy;
	}

	/** The people the event concerns: its entities that are Patient references. */
	static Set<String> patients(AuditEvent event) {
		Set<String> ids = new LinkedHashSet<>();
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			org.hl7.fhir.instance.model.api.IIdType what = entity.getWhat().getReferenceElement();
			if (entity.getWhat().hasReference() && "Patient".equals(what.getResourceType()) && what.hasIdPart()) {
				ids.add(what.getIdPart());
			}
		}
		return ids;
	}

	private static String requestorRole(AuditEvent event) {
		return event.getAgent().stream()
				.filter(AuditEvent.AuditEventAgentComponent::getRequestor)
				.flatMap(agent -> agent.getRole().stream())
				.flatMap(role -> role.getCoding().stream())
				.filter(coding -> PersonDataAudit.ROLE_SYSTEM.equals(coding.getSystem()))
				.map(Coding::getCode).findFirst().orElse(null);
	}

	private static String[] subtypes(AuditEvent event) {
		return event.getSubtype().stream().map(c -> c.getSystem() + "|" + c.getCode()).toArray(String[]::new);
	}

	private static String code(Enum<?> value) {
		if (value == null) {
			return null;
		}
		return value instanceof AuditEvent.AuditEventAction action ? action.toCode()
				: ((AuditEvent.AuditEventOutcome) value).toCode();
	}
}
