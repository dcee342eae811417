package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Prepares the summary and the forecast of every book that changed, in the background, one book at a
 * time, most recently changed first (a station's check-up is opened by the citizen soon after; books
 * queued at start-up by {@code prepare-all-books} come last), and stores them ({@link PreparedDocuments}).
 * Generated as the system, not as any user: who may see a prepared document is decided when it is
 * served, by the same access rules as a generated one, and the opening is audited then.
 *
 * <p>Paced ({@code sskdt.citizen.preparation-share}): after each book it pauses in proportion to the time
 * it took, so that a bulk load, which changes every book it touches, is not slowed down by more than
 * that share of one processor; the books wait in {@code book_change} meanwhile.
 */
@Component
class DocumentPreparation {

	private static final Logger log = LoggerFactory.getLogger(DocumentPreparation.class);
	private static final long IDLE_MILLIS = 500;

	private final PreparedDocuments documents;
	private final HealthBookSummaryProvider summaries;
	private final ImmunizationForecastOperation forecasts;
	private final CitizenProperties properties;
	private final FhirContext fhirContext;
	private final Counter prepared;
	private final Counter failed;
	private volatile boolean running = true;
	private Thread worker;

	DocumentPreparation(PreparedDocuments documents, HealthBookSummaryProvider summaries,
			ImmunizationForecastOperation forecasts, CitizenProperties properties, FhirContext fhirContext,
			MeterRegistry meters) {
		this.documents = documents;
		this.summaries = summaries;
		this.forecasts = forecasts;
		this.properties = properties;
		this.fhirContext = fhirContext;
		this.prepared = meters.counter("sskdt.citizen.documents.prepared");
		this.failed = meters.counter("sskdt.citizen.documents.failed");
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!properties.prepareDocuments()) {
			return;
		}
		worker = new Thread(this::prepareLoop, "book-preparation");
		worker.setDaemon(true);
		worker.start();
	}

	private void prepareLoop() {
		if (properties.prepareAllBooks()) {
			log.info("Book preparation: {} books without a prepared summary queued", documents.markUnprepared());
		}
		double share = Math.min(1, Math.max(0.05, properties.preparationShare()));
		while (running) {
			try {
				Optional<PreparedDocuments.Changed> changed = documents.nextChanged();
				if (changed.isEmpty()) {
					Thread.sleep(IDLE_MILLIS);
					continue;
				}
				long started = System.nanoTime();
				prepare(changed.get());
				long tookMillis = (System.nanoTime() - started) / 1_000_000;
				Thread.sleep((long) (tookMillis * (1 - share) / share));
			} catch (InterruptedException e) {
				return;
			} catch (RuntimeException e) { // the database gone (shutting down), a statement refused
				if (!running) {
					return;
				}
				Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
				log.warn("Book preparation: {} ({}); retrying in a while", e.getClass().getSimpleName(),
						cause.getClass().getSimpleName());
				sleepQuietly(10 * IDLE_MILLIS);
			}
		}
	}

	/** Both documents of one book; one a request would be refused (deleted book, no full birth date) is none. */
	void prepare(PreparedDocuments.Changed changed) {
		String patientId = changed.book().substring("Patient/".length());
		Instant generated = Instant.now(); // before reading: the re-dating of a forecast counts from this day
		Map<String, String> prepared = new LinkedHashMap<>();
		prepared.put(PreparedDocuments.SUMMARY, json(changed, () -> summaries.summaryToPrepare(patientId)));
		prepared.put(PreparedDocuments.FORECAST, json(changed, () -> forecasts.forecastToday(patientId)));
		documents.prepared(changed, generated, prepared);
	}

	private String json(PreparedDocuments.Changed changed, Supplier<Resource> generate) {
		try {
			String json = fhirContext.newJsonParser().encodeResourceToString(generate.get());
			this.prepared.increment();
			return json;
		} catch (BaseServerResponseException e) {
			// what a request would get too (404, 410, 422: e.g. no full birth date for a forecast)
			failed.increment();
			log.debug("Book preparation: a document of {} not prepared (HTTP {})", changed.book(), e.getStatusCode());
			return null;
		} catch (RuntimeException e) {
			// a book the generation fails on must not stop the others (it stays unprepared, generated on
			// request); if the database is gone, storing fails next and the book is taken again later.
			// Never the message: it may quote the book's content
			failed.increment();
			log.warn("Book preparation: a document of {} failed ({})", changed.book(), e.getClass().getSimpleName());
			return null;
		}
	}

	private void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

	@PreDestroy
	void stop() throws InterruptedException {
		running = false;
		if (worker != null) {
			worker.interrupt();
			worker.join(10_000);
		}
	}
}
