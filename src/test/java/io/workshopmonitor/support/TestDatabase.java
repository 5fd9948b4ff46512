package io.workshopmonitor.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the integration tests: {@code WM_TEST_DATABASE_URL} when set, otherwise one
 * embedded server per test JVM. Each caller gets a database of its own, so tests never see each other's rows.
 */
public final class TestDatabase {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static String serverUrl;
    private static EmbeddedPostgres embedded;

    private final String url;

    private TestDatabase(String url) {
        this.url = url;
    }

    /** A fresh, empty database on the shared server. */
    public static synchronized TestDatabase create() {
        try {
            String server = server();
            String name = "wm_test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
            try (Connection conn = DriverManager.getConnection(jdbc(server)); Statement st = conn.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            URI uri = URI.create(server);
            return new TestDatabase(uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    private static String server() throws Exception {
        if (serverUrl == null) {
            String external = System.getenv("WM_TEST_DATABASE_URL");
            if (external != null && !external.isBlank()) {
                serverUrl = external;
            } else {
                embedded = EmbeddedPostgres.builder().start();
                serverUrl = "postgresql://postgres:postgres@localhost:" + embedded.getPort() + "/postgres";
            }
        }
        return serverUrl;
    }

    /**
     * Where the embedded server's programs are (the directory holding {@code postgres} and {@code initdb}), for a
     * test that needs a PostgreSQL of its own shape; empty when the tests run against {@code WM_TEST_DATABASE_URL}.
     */
    public static synchronized java.util.Optional<java.nio.file.Path> binaries() {
        try {
            server();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
        }
        if (embedded == null) {
            return java.util.Optional.empty();
        }
        // Zonky starts the server through pg_ctl, which exits: a backend serving us runs the same program
        try (Connection conn = DriverManager.getConnection(jdbc(serverUrl)); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return java.util.Optional.of(java.nio.file.Path.of("/proc", rs.getString(1), "exe").toRealPath().getParent());
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot find the embedded PostgreSQL's programs", e);
        }
    }

    /** postgresql://user:pass@host:port/db as the service takes it. */
    public String url() {
        return url;
    }

    /** Runs statements (setup a test needs that no API offers). */
    public void execute(String... statements) {
        try (Connection conn = DriverManager.getConnection(jdbc(url)); Statement st = conn.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", statements), e);
        }
    }

    /** A JDBC connection of the test's own, e.g. to hold a transaction open. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbc(url));
    }

    public long count(String sql) {
        try (Connection conn = DriverManager.getConnection(jdbc(url)); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every value of the first column, e.g. the seqs stored for a station. */
    public java.util.Set<Long> longs(String sql) {
        try (Connection conn = DriverManager.getConnection(jdbc(url)); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            java.util.Set<Long> values = new java.util.HashSet<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every value of the first column, as text. */
    public java.util.List<String> strings(String sql) {
        try (Connection conn = DriverManager.getConnection(jdbc(url)); Statement st = conn.createStatement()) {
            return strings(st, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The same on a statement of the test's own, e.g. after session settings made on its connection. */
    public static java.util.List<String> strings(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            java.util.List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    public static TestDatabase at(String url) {
        return new TestDatabase(url);
    }

    public static long count(String url, String sql) {
        return new TestDatabase(url).count(sql);
    }

    static String jdbc(String url) {
        URI uri = URI.create(url);
        String[] user = uri.getUserInfo().split(":", 2);
        return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
                + "?user=" + user[0] + (user.length > 1 ? "&password=" + user[1] : "");
    }
}
