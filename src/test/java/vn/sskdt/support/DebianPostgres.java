package vn.sskdt.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of Debian's own PostgreSQL 15 (package {@code postgresql}, the version operators install),
 * created for one test on a free port with {@code pg_createcluster} and dropped afterwards. It never
 * touches another cluster, such as one already listening on 5432.
 */
public final class DebianPostgres implements AutoCloseable {

	public static final String VERSION = "15";

	private final String name;
	private final int port;

	private DebianPostgres(String name, int port) {
		this.name = name;
		this.port = port;
	}

	public static DebianPostgres create() throws IOException, InterruptedException {
		if (!new java.io.File("/usr/bin/pg_createcluster").canExecute()) {
			throw new IllegalStateException(
					"Debian's PostgreSQL " + VERSION + " is not installed; bin/test installs it (apt-get install postgresql)");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String name = "sskdt_test_" + ProcessHandle.current().pid() + "_" + port;
		// trust on loopback only: a throw-away cluster of the test, reachable from this machine alone
		run("pg_createcluster", VERSION, name, "-p", Integer.toString(port), "--",
				"--auth-host=trust", "--auth-local=trust");
		DebianPostgres cluster = new DebianPostgres(name, port);
		try {
			run("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, "start");
		} catch (IOException | RuntimeException e) {
			cluster.close();
			throw e;
		}
		return cluster;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run("pg_dropcluster", "--stop", VERSION, name);
	}

	private static void run(String... command) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(command));
		Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
		}
	}
}
