package vn.sskdt.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 (zonky's binaries) per test JVM, on a free port and a temporary data
 * directory, never an assumed server on 5432. Each test application gets its own database in it.
 */
public final class TestPostgres {

	private static final AtomicInteger DATABASES = new AtomicInteger();
	private static EmbeddedPostgres server;

	private TestPostgres() {}

	/** Creates a new, empty database and returns its JDBC URL (user {@code postgres}, no password). */
	public static synchronized String newDatabase(String prefix) {
		String name = prefix + "_" + DATABASES.incrementAndGet();
		try (Connection c = server().getPostgresDatabase().getConnection();
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		} catch (SQLException e) {
			throw new IllegalStateException(e);
		}
		return server().getJdbcUrl("postgres", name);
	}

	private static EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder()
						.setDataDirectory(Files.createTempDirectory("sskdt-test-pg"))
						.setCleanDataDirectory(true)
						.setServerConfig("max_connections", "200")
						.start();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				} catch (IOException ignored) {
					// the JVM is ending; the temporary directory goes with it
				}
			}));
		}
		return server;
	}
}
