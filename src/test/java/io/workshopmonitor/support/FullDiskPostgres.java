package io.workshopmonitor.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL whose disk can be filled and emptied at will: its data directory is a tmpfs of a fixed size,
 * mounted in a mount namespace of its own so the mount goes when the server does and the machine's file systems
 * are never touched. Filling writes a ballast file into that tmpfs (through {@code /proc/<pid>/root}, the
 * server's view of the files) until the kernel answers "No space left on device"; emptying deletes it.
 * Needs root and {@code unshare} (as the embedded PostgreSQL itself does here): {@link #unavailable()} says whether
 * this machine can.
 */
public final class FullDiskPostgres implements AutoCloseable {

    private final Process server;
    private final Path mountPoint;
    private final int port;
    private final Path log;

    private FullDiskPostgres(Process server, Path mountPoint, int port, Path log) {
        this.server = server;
        this.mountPoint = mountPoint;
        this.port = port;
        this.log = log;
    }

    /** Why this machine cannot run one (not root, no unshare, no embedded binaries), or empty when it can. */
    public static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("mounting a tmpfs in a namespace of its own needs root");
        }
        if (TestDatabase.binaries().isEmpty()) {
            return Optional.of("the tests run against WM_TEST_DATABASE_URL: no PostgreSQL programs to start");
        }
        try {
            Process probe = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=1m wm-probe /tmp").redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes()).trim();
            return probe.waitFor() == 0 ? Optional.empty() : Optional.of("cannot mount a tmpfs: " + said);
        } catch (IOException | InterruptedException e) {
            return Optional.of("cannot run unshare: " + e);
        }
    }

    /** Initialises and starts a server on a tmpfs of {@code megabytes}, in {@code mountPoint} (an empty directory). */
    public static FullDiskPostgres start(Path mountPoint, int megabytes) throws Exception {
        Path bin = TestDatabase.binaries().orElseThrow();
        int port = Ports.free();
        Path log = Files.createTempFile("full-disk-postgres", ".log");
        // initdb and postgres under `unshare -U`, as Zonky runs them: PostgreSQL refuses to run as root
        String script = "mount -t tmpfs -o size=" + megabytes + "m wm-full-disk \"$0\""
                + " && unshare -U \"$1/initdb\" -D \"$0/data\" -U postgres -A trust -E UTF8 --no-sync --no-instructions"
                + " && exec unshare -U \"$1/postgres\" -D \"$0/data\" -p \"$2\" -c listen_addresses=127.0.0.1"
                + " -c fsync=on -c synchronous_commit=on -c max_connections=50";
        Process server = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script,
                mountPoint.toString(), bin.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FullDiskPostgres postgres = new FullDiskPostgres(server, mountPoint, port, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try (Connection ignored = DriverManager.getConnection(postgres.jdbc())) {
                return postgres;
            } catch (java.sql.SQLException notYet) {
                if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                    postgres.close();
                    throw new IllegalStateException("PostgreSQL on a tmpfs did not start: " + Files.readString(log), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** postgresql://… as the service takes it. */
    public String url() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    }

    private String jdbc() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /**
     * Recycles the write-ahead log into segments made ahead of need, so that a full disk makes a table's next page
     * fail to extend (an ERROR, the statement refused) rather than the log's next segment (a PANIC, a restart):
     * the case where PostgreSQL stays up and answers, and only writing fails.
     */
    public void preallocateLog() throws Exception {
        try (Connection conn = DriverManager.getConnection(jdbc()); Statement st = conn.createStatement()) {
            for (int i = 0; i < 4; i++) {
                st.execute("SELECT pg_switch_wal()");
                st.execute("CHECKPOINT");
            }
        }
    }

    /** Writes the ballast until the disk is full. */
    public void fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast())) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    /** Deletes the ballast: the disk has room again. */
    public void empty() throws IOException {
        Files.deleteIfExists(ballast());
    }

    private Path ballast() {
        // the tmpfs is mounted only in the server's namespace; its root as the server sees it is reachable here
        return Path.of("/proc", String.valueOf(server.pid()), "root").resolve(mountPoint.toString().substring(1))
                .resolve("ballast");
    }

    /** The server's own log, to show with a failure. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
