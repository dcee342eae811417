package vn.sskdt.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores AuditEvents in the server's own database, off the request thread: a request enqueues its
 * events and returns; one writer stores them in batches into the {@link AuditTrail} (one database
 * transaction per batch), so reading a health book does not wait for its audit row, and a burst of
 * openings costs one transaction per 200 events instead of one per request. The trade-off: an event
 * is in memory between the answer and its batch's commit (usually well under a second; longer while a
 * burst is being written). A normal
 * shutdown stores every queued event first (the web server has stopped taking requests by then);
 * only a process that is killed, or a database that stops answering during the shutdown, loses the
 * queued ones, and the shutdown says how many. The queue is bounded; overflow is counted in
 * {@code sskdt_audit_dropped_total} and logged, never silently ignored.
 */
@Component
class AuditEventStore implements IBalpAuditEventSink {

	private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);
	private static final int BATCH = 200;

	private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(100_000);
	private final AuditTrail trail;
	private final Counter dropped;
	private final Counter stored;
	private volatile boolean running = true;
	private Thread writer;

	AuditEventStore(AuditTrail trail, MeterRegistry meters) {
		this.trail = trail;
		this.dropped = meters.counter("sskdt.audit.dropped");
		this.stored = meters.counter("sskdt.audit.stored");
		meters.gauge("sskdt.audit.queue", queue, BlockingQueue::size);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		writer = new Thread(this::writeLoop, "audit-writer");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public void recordAuditEvent(AuditEvent auditEvent) {
		if (!queue.offer(auditEvent)) {
			dropped.increment();
			log.error("Audit queue full: an AuditEvent was dropped");
		}
	}

	/** Waits until everything enqueued so far is stored (tests, shutdown). */
	public void flush(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!queue.isEmpty() || writing) {
			if (System.nanoTime() > deadline) {
				return;
			}
			Thread.sleep(20);
		}
	}

	private volatile boolean writing;

	private void writeLoop() {
		while (running || !queue.isEmpty()) {
			try {
				AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				writing = true;
				List<AuditEvent> batch = new ArrayList<>(List.of(first));
				queue.drainTo(batch, BATCH - 1);
				store(batch);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			} finally {
				writing = false;
			}
		}
	}

	private void store(List<AuditEvent> batch) {
		try {
			trail.add(batch);
			stored.increment(batch.size());
		} catch (RuntimeException batchFailed) {
			// one bad event must not lose the others
			for (AuditEvent event : batch) {
				try {
					trail.add(List.of(event));
					stored.increment();
				} catch (RuntimeException e) {
					dropped.increment();
					log.error("An AuditEvent could not be stored: {}", AuditTrail.failure(e));
				}
			}
		}
	}

	/**
	 * Stores what is queued before the database goes (Spring destroys this bean before the DAOs and the
	 * data source it uses). Waits as long as the writer makes progress; gives up only when nothing was
	 * stored for {@link #STALLED}, e.g. the database is gone, and then says what is lost.
	 */
	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		if (writer == null) {
			return;
		}
		int left = queue.size();
		long lastProgress = System.nanoTime();
		while (writer.isAlive()) {
			writer.join(1_000);
			int now = queue.size();
			if (now < left) {
				left = now;
				lastProgress = System.nanoTime();
				log.info("Storing the audit trail before shutdown: {} events left", now);
			} else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
				log.error("Shutdown: {} audit events could not be stored (no progress for {} s)", now, STALLED.toSeconds());
				dropped.increment(now);
				return;
			}
		}
	}

	private static final Duration STALLED = Duration.ofSeconds(30);
}
