package vn.sskdt.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Once per store: copies the AuditEvents that versions before the {@link AuditTrail} table stored as
 * HAPI resources into it, keeping their ids, so that a person's trail stays whole across the upgrade.
 * In the background after start, in chunks (an interrupted copy resumes where it stopped: copied
 * events are skipped). The HAPI rows are left in place (HAPI deletes only by expunge, turned off here);
 * nothing serves them any more.
 */
@Component
class AuditTrailMove {

	private static final Logger log = LoggerFactory.getLogger(AuditTrailMove.class);
	private static final int CHUNK = 500;

	private final JdbcTemplate jdbc;
	private final DaoRegistry daos;
	private final AuditTrail trail;
	private final TransactionTemplate transaction;

	AuditTrailMove(JdbcTemplate jdbc, DaoRegistry daos, AuditTrail trail, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.daos = daos;
		this.trail = trail;
		this.transaction = new TransactionTemplate(transactions);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (jdbc.queryForObject("select count(*) from audit_trail_moved", Integer.class) > 0) {
			return;
		}
		Thread mover = new Thread(() -> {
			try {
				moveAll();
			} catch (RuntimeException e) { // e.g. the server stopping: the next start resumes the copy
				log.warn("Audit trail: the copy of earlier events stopped ({}); the next start resumes it", AuditTrail.failure(e));
			}
		}, "audit-trail-move");
		mover.setDaemon(true);
		mover.start();
	}

	/** Copies every HAPI-stored AuditEvent; answers how many. */
	int moveAll() {
		IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
		int moved = 0;
		long after = Long.MIN_VALUE;
		while (true) {
			List<Long> ids = jdbc.queryForList("select res_id from hfj_resource where res_type = 'AuditEvent'"
					+ " and res_deleted_at is null and res_id > ? order by res_id limit ?", Long.class, after, CHUNK);
			if (ids.isEmpty()) {
				break;
			}
			List<AuditEvent> events = transaction.execute(status -> {
				List<AuditEvent> read = new ArrayList<>(ids.size());
				ids.forEach(id -> read.add(dao.readByPid(JpaPid.fromId(id))));
				return read;
			});
			trail.add(events);
			moved += events.size();
			after = ids.get(ids.size() - 1);
			if (moved % 10_000 < CHUNK) {
				log.info("Audit trail: {} events stored by an earlier version copied so far", moved);
			}
		}
		jdbc.update("insert into audit_trail_moved (moved_at, events) values (now(), ?)", moved);
		if (moved > 0) {
			log.info("Audit trail: {} events stored by an earlier version copied into the audit trail table", moved);
		}
		return moved;
	}
}
