package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.workshopmonitor.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The schema, by Flyway from {@code db/migration/V<n>__<name>.sql}: each script applied once, in order, with its
 * checksum recorded, so a script edited after it was applied stops start-up instead of leaving databases that
 * differ. Flyway locks the history table, so instances starting together do not race. It speaks JDBC, so it runs
 * once at start-up on a worker thread; everything after goes through the reactive pool.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    static Future<Void> run(Vertx vertx, PgConnectOptions options) {
        return vertx.executeBlocking(() -> {
            migrate(options, LOCATION);
            return null;
        }, false);
    }

    /** Blocking. */
    static void migrate(PgConnectOptions options, String location) {
        migrate(options, location, null);
    }

    /** Blocking; {@code target} stops at that version (a restore loads a backup's rows at the backup's version). */
    static void migrate(PgConnectOptions options, String location, String target) {
        String url = jdbcUrl(options);
        Properties credentials = credentials(options);
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(url, options.getUser(), options.getPassword())
                .locations(location)
                .cleanDisabled(true)
                .validateMigrationNaming(true);
        if (target != null) {
            configuration.target(target);
        }
        OptionalInt legacy = legacyVersion(url, credentials);
        if (legacy.isPresent()) {
            // a database the service migrated itself before Flyway: what it recorded is the baseline
            configuration.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy.getAsInt()))
                    .baselineDescription("applied before Flyway (schema_migrations)");
        }
        try {
            MigrateResult result = configuration.load().migrate();
            result.migrations.forEach(m -> LOG.info("applied schema migration V{}__{}", m.version, m.description.replace(' ', '_')));
        } catch (FlywayException e) {
            throw new ConfigException("database schema: " + explain(e.getMessage()));
        }
    }

    /** Flyway's several lines, as one that says what to do. */
    private static String explain(String message) {
        String text = message == null ? "migration failed" : message.replaceAll("\\s*\\R\\s*", " ").trim();
        if (text.contains("checksum mismatch")) {
            return text + " (a migration script was edited after this database applied it: put the released script"
                    + " back and add the change as a new V<n> script)";
        }
        return text;
    }

    /** The highest version the pre-Flyway history records, when there is one and no Flyway history yet. */
    private static OptionalInt legacyVersion(String url, Properties credentials) {
        try (Connection connection = DriverManager.getConnection(url, credentials);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('schema_migrations') IS NOT NULL,"
                     + " to_regclass('flyway_schema_history') IS NOT NULL")) {
            rows.next();
            if (!rows.getBoolean(1) || rows.getBoolean(2)) {
                return OptionalInt.empty();
            }
            try (ResultSet max = statement.executeQuery("SELECT max(version) FROM schema_migrations")) {
                max.next();
                int version = max.getInt(1);
                return max.wasNull() ? OptionalInt.empty() : OptionalInt.of(version);
            }
        } catch (SQLException e) {
            throw new ConfigException("database.url: cannot read the schema history: " + e.getMessage());
        }
    }

    static String jdbcUrl(PgConnectOptions options) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(options.getHost()).append(':')
                .append(options.getPort()).append('/').append(URLEncoder.encode(options.getDatabase(), StandardCharsets.UTF_8));
        SslMode ssl = options.getSslMode();
        if (ssl != null && ssl != SslMode.DISABLE) {
            url.append("?sslmode=").append(ssl.value);
        }
        return url.toString();
    }

    private static Properties credentials(PgConnectOptions options) {
        Properties properties = new Properties();
        if (options.getUser() != null) {
            properties.setProperty("user", options.getUser());
        }
        if (options.getPassword() != null) {
            properties.setProperty("password", options.getPassword());
        }
        return properties;
    }
}
