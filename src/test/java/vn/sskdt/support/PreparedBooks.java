package vn.sskdt.support;

import java.time.Duration;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.jdbc.core.JdbcTemplate;

/** Waiting for the server's background preparation of a book (citizen/DocumentPreparation). */
public final class PreparedBooks {

	private PreparedBooks() {}

	/** Until both documents of the book (summary, forecast) are prepared and no change of it is waiting. */
	public static void await(JdbcTemplate jdbc, IdType patient) {
		org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.until(() -> jdbc.queryForObject("select count(*) from book_document d where book = ? and not exists"
						+ " (select 1 from book_change c where c.book = d.book)", Integer.class, "Patient/" + patient.getIdPart()) == 2);
	}
}
