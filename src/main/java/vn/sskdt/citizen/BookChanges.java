package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the {@link FreshCache}s which health books a write changed, when it commits: what makes a kept
 * summary, forecast or list of a citizen's books safe to hand out again. A citizen must never be shown
 * a book older than a write that has committed, so:
 *
 * <ul>
 *   <li>from the write's pre-commit hook (inside its database transaction) until its transaction has
 *       ended, the books it touches are <em>being written</em>: the caches neither answer nor keep
 *       anything for them, every request reads the database (the commit may already be visible there);
 *   <li>when the transaction has ended (committed or rolled back) the caches drop what they held for
 *       those books and spoil every generation that started before (its reads may predate the commit).
 * </ul>
 *
 * <p>Registered with HAPI's JPA interceptor service, as the indicator facts are, so that every write
 * counts: REST creates, updates, patches, deletes and transactions, {@code $import}, and the server's own
 * writes. What a write touches:
 * <ul>
 *   <li>every Patient it refers to, and a Patient itself (before and after an update): its
 *       {@link #book book key}. A guardian link (RelatedPerson) is in the child's book too;
 *   <li>the personal IDs (CCCD) of a Patient or RelatedPerson, before and after: their
 *       {@link #personalId personal-ID key}, on which the books a citizen may open depend;
 *   <li>a Patient's birth date changed, or a Patient deleted: every citizen's list of books (a guardian
 *       may open a child's book only while the child is a minor), {@link Scope#ACCESS};
 *   <li>reference data a book shows (the station of a check-up, the insurer of a card…): every book,
 *       {@link Scope#BOOKS}. Such writes are rare.
 * </ul>
 * AuditEvents are not part of any book: opening a book writes one, and that must not spoil it.
 *
 * <p>The same changes of books are recorded, in the write's transaction, for the documents prepared in
 * the database ({@link PreparedDocuments}); a new piece of reference data is in no prepared book yet.
 *
 * <p>One server process: the caches and these markers live in its memory. Several server processes on
 * one database would each need to hear the others' commits (not built: the deployment runs one).
 */
@Component
@Interceptor
public class BookChanges {

	/** Where a write outside any one book shows up. */
	public enum Scope {
		/** what citizens may open ({@code security/CitizenRecords}) */
		ACCESS,
		/** the books' summaries and forecasts */
		BOOKS
	}

	/** Types outside the Patient compartment that a summary shows (entries and _include of its sections). */
	static final Set<String> SHOWN_REFERENCE_DATA =
			Set.of("Organization", "Location", "Practitioner", "PractitionerRole", "Medication", "Device", "Substance");

	private static final String CCCD_SYSTEM = "http://fhir.hl7.org.vn/core/sid/cccd";

	private final FhirContext fhirContext;
	private final PreparedDocuments prepared;
	private final List<FreshCache<?>> caches = new CopyOnWriteArrayList<>();
	/** keys with a write between its pre-commit hook and the end of its transaction, and how many */
	private final ConcurrentHashMap<String, Integer> writing = new ConcurrentHashMap<>();

	BookChanges(FhirContext fhirContext, IInterceptorService jpaInterceptors, PreparedDocuments prepared) {
		this.fhirContext = fhirContext;
		this.prepared = prepared;
		jpaInterceptors.registerInterceptor(this);
	}

	/** The key of a Patient's book, {@code Patient/<id>}. */
	public static String book(String patientId) {
		return "Patient/" + patientId;
	}

	/** The key of what depends on a personal ID (the books that person may open). */
	public static String personalId(String cccd) {
		return "cccd|" + cccd;
	}

	private static String everything(Scope scope) {
		return "*" + scope;
	}

	void register(FreshCache<?> cache) {
		caches.add(cache);
	}

	/** Is a write that touches this key (or the whole scope) between its pre-commit hook and its end? */
	boolean beingWritten(String key, Scope scope) {
		return !writing.isEmpty() && (writing.containsKey(key) || writing.containsKey(everything(scope)));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		// a new Organization (or other reference data) is in no book yet: no prepared document shows it
		changing(keys(null, resource), false);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		changing(keys(previous, resource), true);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	void deleted(IBaseResource resource) {
		Set<String> keys = keys(resource, null);
		if (resource instanceof Patient) {
			keys.add(everything(Scope.ACCESS));
		}
		changing(keys, true);
	}

	/** What a write from {@code before} to {@code after} (either may be null) touches. */
	Set<String> keys(IBaseResource before, IBaseResource after) {
		Set<String> keys = new HashSet<>();
		for (IBaseResource resource : new IBaseResource[] {before, after}) {
			if (resource == null) {
				continue;
			}
			String type = fhirContext.getResourceType(resource);
			if ("AuditEvent".equals(type)) {
				return Set.of(); // an opening of a book is not a change of it
			}
			if (SHOWN_REFERENCE_DATA.contains(type)) {
				keys.add(everything(Scope.BOOKS));
			}
			if (resource instanceof Patient patient && patient.getIdElement().hasIdPart()) {
				keys.add(book(patient.getIdElement().getIdPart()));
			}
			FhirTerser terser = fhirContext.newTerser();
			terser.getAllResourceReferences(resource).forEach(reference -> {
				IIdType target = reference.getResourceReference().getReferenceElement();
				if ("Patient".equals(target.getResourceType()) && target.hasIdPart()) {
					keys.add(book(target.getIdPart()));
				}
			});
			List<Identifier> identifiers = resource instanceof Patient p ? p.getIdentifier()
					: resource instanceof RelatedPerson r ? r.getIdentifier() : List.of();
			identifiers.stream().filter(i -> CCCD_SYSTEM.equals(i.getSystem()) && i.hasValue())
					.forEach(i -> keys.add(personalId(i.getValue())));
		}
		if (before instanceof Patient old && after instanceof Patient now
				&& !birthDate(old.getBirthDateElement()).equals(birthDate(now.getBirthDateElement()))) {
			keys.add(everything(Scope.ACCESS));
		}
		return keys;
	}

	private static String birthDate(DateType date) {
		return date == null || date.isEmpty() ? "" : date.getValueAsString();
	}

	/**
	 * Marks the keys as being written now, and tells the caches once the transaction has ended. Without
	 * a transaction (not expected: HAPI writes in one) the change is told at once. The prepared documents
	 * of the books are withdrawn in the transaction itself.
	 */
	private void changing(Set<String> keys, boolean storedResourceChanged) {
		if (keys.isEmpty()) {
			return;
		}
		prepared.changed(keys.stream().filter(key -> key.startsWith("Patient/")).toList());
		if (storedResourceChanged && keys.contains(everything(Scope.BOOKS))) {
			prepared.changedEverything();
		}
		keys.forEach(key -> writing.merge(key, 1, Integer::sum));
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			ended(keys);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				// committed or rolled back: either way what was kept before may be stale or was never wrong
				ended(keys);
			}
		});
	}

	private void ended(Set<String> keys) {
		for (String key : keys) {
			for (FreshCache<?> cache : caches) {
				if (key.equals(everything(cache.scope()))) {
					cache.changedEverything();
				} else if (!key.startsWith("*")) {
					cache.changed(key);
				}
			}
		}
		// only now: until the caches have dropped the old values, lookups must go to the database
		keys.forEach(key -> writing.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1));
	}
}
