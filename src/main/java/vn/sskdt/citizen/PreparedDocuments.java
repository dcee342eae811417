package vn.sskdt.citizen;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The documents of health books prepared before anyone asks ({@link DocumentPreparation}), kept in the
 * database ({@code prepared-documents-schema.sql}) so that a citizen's first opening of a book, and
 * every opening after a restart, reads a document instead of generating one (~0.1 s of CPU for a
 * summary: 32 citizens opening new books at once on 2 cores waited seconds).
 *
 * <p>Never stale: in the transaction of every write that changes a book ({@link BookChanges} decides
 * which), a change of the book is recorded ({@code book_change}), and a document is used only while its
 * book has no recorded change. A preparation deletes exactly the changes it saw before generating, in
 * the transaction that stores the documents: a write that commits later (or was not yet committed when
 * the preparation looked) leaves its change, which hides what was stored until the book is prepared
 * again, and a preparation cut short deletes nothing. Changes are only ever inserted by writes, so
 * writes never wait for each other here (no row of this table is locked by two writes).
 *
 * <p>Plain JDBC, like the indicator facts, in the same database transaction as HAPI's writes.
 */
@Component
public class PreparedDocuments {

	/** The IPS summary in Vietnamese (English is rarer: generated on request and kept in memory). */
	static final String SUMMARY = "summary-vi";
	/** The immunization forecast as of the day it was prepared. */
	static final String FORECAST = "forecast";

	/** A document as stored: when it was generated, and its JSON. */
	record Prepared(Instant generated, String json) {}

	/** A book to prepare, and the changes of it recorded when it was taken. */
	record Changed(String book, List<Long> changes) {}

	/** What the current transaction changed: books, and whether every book (reference data they show). */
	private static final class Changes {
		final TreeSet<String> books = new TreeSet<>();
		boolean everything;
	}

	private static final String CHANGE = "insert into book_change (book, changed) values (?, clock_timestamp())";
	private static final String USABLE = " not exists (select 1 from book_change c where c.book = d.book)";

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;

	PreparedDocuments(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		new ResourceDatabasePopulator(new ClassPathResource("vn/sskdt/citizen/prepared-documents-schema.sql"))
				.execute(jdbc.getDataSource());
	}

	/** Inside a write's transaction: these books ({@code Patient/<id>}) changed. */
	void changed(Iterable<String> books) {
		Changes changes = changesOfThisTransaction();
		books.forEach(changes.books::add);
		writeIfNoTransaction(changes);
	}

	/** Inside a write's transaction: something every book may show changed. */
	void changedEverything() {
		Changes changes = changesOfThisTransaction();
		changes.everything = true;
		writeIfNoTransaction(changes);
	}

	/** Collected per transaction, written once just before it commits (one row per book, not per resource). */
	private Changes changesOfThisTransaction() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return new Changes();
		}
		Changes changes = (Changes) TransactionSynchronizationManager.getResource(this);
		if (changes == null) {
			Changes created = new Changes();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					write(created);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(PreparedDocuments.this);
				}
			});
			changes = created;
		}
		return changes;
	}

	private void writeIfNoTransaction(Changes changes) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			write(changes); // not expected: HAPI writes in a transaction
		}
	}

	private void write(Changes changes) {
		if (changes.everything) {
			// rare (a facility renamed): every prepared book is prepared again
			jdbc.update("insert into book_change (book, changed) select book, clock_timestamp()"
					+ " from (select distinct book from book_document) prepared");
			changes.everything = false;
		}
		List<Object[]> rows = new ArrayList<>(changes.books.size());
		changes.books.forEach(book -> rows.add(new Object[] {book}));
		if (!rows.isEmpty()) {
			jdbc.batchUpdate(CHANGE, rows);
		}
		changes.books.clear();
	}

	/** The book's document, if prepared and the book has not changed since. */
	Optional<Prepared> find(String book, String variant) {
		return jdbc.query("select d.generated, d.body from book_document d where d.book = ? and d.variant = ? and" + USABLE,
				(row, n) -> new Prepared(row.getTimestamp(1).toInstant(), row.getString(2)), book, variant)
				.stream().findFirst();
	}

	/** The most recently changed book, with its changes recorded so far. */
	Optional<Changed> nextChanged() {
		return jdbc.queryForList("select book from book_change order by changed desc limit 1", String.class).stream()
				.findFirst().map(book -> new Changed(book,
						jdbc.queryForList("select id from book_change where book = ?", Long.class, book)));
	}

	/**
	 * Stores a book's new documents (a variant mapped to null has none: a request would be refused it too)
	 * and deletes the changes the preparation saw, in one transaction.
	 */
	void prepared(Changed changed, Instant generated, Map<String, String> documents) {
		transaction.executeWithoutResult(status -> {
			documents.forEach((variant, json) -> {
				if (json == null) {
					jdbc.update("delete from book_document where book = ? and variant = ?", changed.book(), variant);
				} else {
					jdbc.update("insert into book_document (book, variant, generated, body) values (?, ?, ?, ?)"
							+ " on conflict (book, variant) do update set generated = excluded.generated, body = excluded.body",
							changed.book(), variant, Timestamp.from(generated), json);
				}
			});
			jdbc.batchUpdate("delete from book_change where id = ?",
					changed.changes().stream().map(id -> new Object[] {id}).toList());
		});
	}

	/**
	 * Records a change, long ago (prepared after every real change), of every book that has no prepared
	 * summary and no change waiting: books stored before this version, or while preparation was off.
	 */
	int markUnprepared() {
		return jdbc.update("insert into book_change (book, changed) select 'Patient/' || r.fhir_id, 'epoch'"
				+ " from hfj_resource r where r.res_type = 'Patient' and r.res_deleted_at is null"
				+ " and not exists (select 1 from book_document d where d.book = 'Patient/' || r.fhir_id and d.variant = ?)"
				+ " and not exists (select 1 from book_change c where c.book = 'Patient/' || r.fhir_id)", SUMMARY);
	}
}
