package vn.sskdt.citizen;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The documents of health books prepared before anyone asks ({@link DocumentPreparation}), kept in the
 * database ({@code prepared-documents-schema.sql}) so that a citizen's first opening of a book, and
 * every opening after a restart, reads a document instead of generating one (~0.1 s of CPU for a
 * summary: 32 citizens opening new books at once on 2 cores waited seconds).
 *
 * <p>Never stale: in the transaction of every write that changes a book ({@link BookChanges} decides
 * which), the book's documents are deleted and the book is marked as changed ({@code book_stale}), and a
 * document is used only while its book has no such mark. The mark is an upsert, which takes the row's
 * lock, so a preparation that takes a book ({@link #takeChanged}) either runs after a write that
 * committed before (and reads it) or leaves a newer mark that hides what it stores. The marks of a
 * transaction are written together, sorted, just before it commits: two writes of the same books
 * cannot wait for each other in opposite orders.
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

	/** What the current transaction changed: books, and whether every book (reference data they show). */
	private static final class Changes {
		final TreeSet<String> books = new TreeSet<>();
		boolean everything;
	}

	private final JdbcTemplate jdbc;

	PreparedDocuments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		new ResourceDatabasePopulator(new ClassPathResource("vn/sskdt/citizen/prepared-documents-schema.sql"))
				.execute(jdbc.getDataSource());
	}

	/** Inside a write's transaction: these books ({@code Patient/<id>}) changed. */
	void changed(Iterable<String> books) {
		Changes changes = changesOfThisTransaction();
		books.forEach(changes.books::add);
		flushIfNoTransaction(changes);
	}

	/** Inside a write's transaction: something every book may show changed. */
	void changedEverything() {
		Changes changes = changesOfThisTransaction();
		changes.everything = true;
		flushIfNoTransaction(changes);
	}

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

	private void flushIfNoTransaction(Changes changes) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			write(changes); // not expected: HAPI writes in a transaction
		}
	}

	private void write(Changes changes) {
		if (changes.everything) {
			// rare (a facility renamed): every prepared book is prepared again
			jdbc.update("insert into book_stale (book, since) select distinct book, clock_timestamp() from book_document"
					+ " order by book on conflict (book) do update set since = excluded.since, changes = book_stale.changes + 1");
			jdbc.update("delete from book_document");
		}
		if (changes.books.isEmpty()) {
			return;
		}
		List<Object[]> rows = new ArrayList<>(changes.books.size());
		changes.books.forEach(book -> rows.add(new Object[] {book}));
		jdbc.batchUpdate("insert into book_stale (book, since) values (?, clock_timestamp())"
				+ " on conflict (book) do update set since = excluded.since, changes = book_stale.changes + 1", rows);
		jdbc.batchUpdate("delete from book_document where book = ?", rows);
		changes.books.clear();
	}

	/** The book's document, if prepared and the book has not changed since. */
	Optional<Prepared> find(String book, String variant) {
		return jdbc.query("select d.generated, d.body from book_document d where d.book = ? and d.variant = ?"
						+ " and not exists (select 1 from book_stale s where s.book = d.book)",
				(row, n) -> new Prepared(row.getTimestamp(1).toInstant(), row.getString(2)), book, variant)
				.stream().findFirst();
	}

	void store(String book, String variant, Instant generated, String json) {
		jdbc.update("insert into book_document (book, variant, generated, body) values (?, ?, ?, ?)"
				+ " on conflict (book, variant) do update set generated = excluded.generated, body = excluded.body",
				book, variant, Timestamp.from(generated), json);
	}

	/** Takes the most recently changed book to prepare (its mark is gone once this returns), if any. */
	Optional<String> takeChanged() {
		return jdbc.queryForList("delete from book_stale where book = (select book from book_stale"
				+ " order by since desc limit 1 for update skip locked) returning book", String.class).stream().findFirst();
	}

	/**
	 * Marks every book that has no prepared summary, as changed long ago (prepared after every real change):
	 * books stored before this version, or loaded while preparation was off. Answers how many.
	 */
	int markUnprepared() {
		return jdbc.update("insert into book_stale (book, since) select 'Patient/' || r.fhir_id, 'epoch'"
				+ " from hfj_resource r where r.res_type = 'Patient' and r.res_deleted_at is null and not exists"
				+ " (select 1 from book_document d where d.book = 'Patient/' || r.fhir_id and d.variant = ?)"
				+ " on conflict (book) do nothing", SUMMARY);
	}

	/** Books changed and not prepared again yet. */
	long changedCount() {
		return jdbc.queryForObject("select count(*) from book_stale", Long.class);
	}
}
