package io.workshopmonitor.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.pgclient.PgConnectOptions;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A logical backup of every table, taken in one consistent snapshot with PostgreSQL's COPY, into one zip file
 * (a manifest and a file a table); and its restore into an empty database at the same schema version, after which
 * the newer migrations of this build run. It needs no PostgreSQL client tools, so it works the same on the
 * embedded database (whose bundled binaries have no pg_dump) and on a server. Blocking: for the command line.
 */
public final class DatabaseBackup {

    /** Bumped when the file's layout changes; a restore refuses layouts it does not know. */
    static final int FORMAT = 1;
    private static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a backup or restore moved. */
    public record Summary(int schemaVersion, Map<String, Long> rows) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final PgConnectOptions options;

    public DatabaseBackup(PgConnectOptions options) {
        this.options = options;
    }

    /** Writes the backup to {@code file} (replaced only once complete). */
    public Summary backup(Path file) throws IOException, SQLException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Map<String, Long> rows = new LinkedHashMap<>();
        int schemaVersion;
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            schemaVersion = schemaVersion(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            ArrayNode tables = JSON.createArrayNode();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (Map.Entry<String, List<String>> table : tables(connection).entrySet()) {
                    String columns = String.join(", ", table.getValue().stream().map(DatabaseBackup::quote).toList());
                    zip.putNextEntry(new ZipEntry("tables/" + table.getKey() + ".copy"));
                    long count = copy.copyOut("COPY (SELECT " + columns + " FROM " + quote(table.getKey()) + ") TO STDOUT",
                            new NotClosing(zip));
                    zip.closeEntry();
                    rows.put(table.getKey(), count);
                    ObjectNode entry = tables.addObject().put("name", table.getKey()).put("rows", count);
                    table.getValue().forEach(entry.putArray("columns")::add);
                }
                ObjectNode manifest = JSON.createObjectNode().put("format", FORMAT).put("schemaVersion", schemaVersion)
                        .put("createdAt", Instant.now().toString());
                manifest.set("tables", tables);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            connection.rollback();
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(schemaVersion, rows);
    }

    /**
     * Restores {@code file} into this database, which must hold no rows: the schema is brought to the backup's
     * version, the rows loaded in one transaction, the id sequences moved past them, then the rest migrated.
     */
    public Summary restore(Path file) throws IOException, SQLException {
        JsonNode manifest = manifest(file);
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException(file + ": not a Workshop Monitor backup of a format this release reads"
                    + " (format " + manifest.path("format").asText("?") + ", this release reads " + FORMAT + ")");
        }
        int schemaVersion = manifest.path("schemaVersion").asInt();
        Migrations.migrate(options, Migrations.LOCATION, String.valueOf(schemaVersion));
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            int found = schemaVersion(connection);
            if (found != schemaVersion) {
                throw new IllegalStateException("the database's schema is at version " + found + ", the backup's at "
                        + schemaVersion + ": restore into an empty database");
            }
            refuseIfNotEmpty(connection, manifest);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Map<String, JsonNode> tables = new LinkedHashMap<>();
            manifest.path("tables").forEach(t -> tables.put(t.path("name").asText(), t));
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (!entry.getName().startsWith("tables/")) {
                        continue;
                    }
                    String name = entry.getName().substring("tables/".length()).replaceFirst("\\.copy$", "");
                    JsonNode table = tables.get(name);
                    if (table == null) {
                        throw new IllegalArgumentException(file + ": " + entry.getName() + " is not in the manifest");
                    }
                    List<String> columns = new ArrayList<>();
                    table.path("columns").forEach(c -> columns.add(quote(c.asText())));
                    long count = copy.copyIn("COPY " + quote(name) + " (" + String.join(", ", columns) + ") FROM STDIN",
                            new NotClosingInput(zip));
                    if (count != table.path("rows").asLong()) {
                        throw new IllegalStateException(name + ": " + count + " rows read, the manifest says "
                                + table.path("rows").asLong());
                    }
                    rows.put(name, count);
                }
            }
            movePastRestoredIds(connection);
            connection.commit();
        }
        Migrations.migrate(options, Migrations.LOCATION);
        return new Summary(schemaVersion, rows);
    }

    /** The manifest of a backup file, for a check before anything is touched. */
    static JsonNode manifest(Path file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(MANIFEST)) {
                    return JSON.readTree(zip.readAllBytes());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": not a Workshop Monitor backup (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException(file + ": not a Workshop Monitor backup (it has no " + MANIFEST + ")");
    }

    private void refuseIfNotEmpty(Connection connection, JsonNode manifest) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (JsonNode table : manifest.path("tables")) {
                try (ResultSet any = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table.path("name").asText()) + ")")) {
                    any.next();
                    if (any.getBoolean(1)) {
                        throw new IllegalStateException("the database already holds data (table " + table.path("name").asText()
                                + "): restore into an empty database, e.g. a new WM_DATA_DIR");
                    }
                }
            }
        }
    }

    private static void movePastRestoredIds(Connection connection) throws SQLException {
        List<String[]> serials = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'")) {
            while (rows.next()) {
                serials.add(new String[] {rows.getString(1), rows.getString(2)});
            }
            for (String[] serial : serials) {
                statement.execute("SELECT setval(pg_get_serial_sequence('" + quote(serial[0]) + "', '" + serial[1] + "'),"
                        + " coalesce((SELECT max(" + quote(serial[1]) + ") FROM " + quote(serial[0]) + "), 0) + 1, false)");
            }
        }
    }

    /** The application's tables in creation order (a table is created after those it refers to), with columns. */
    private static Map<String, List<String>> tables(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.relname, a.attname
                       FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                        AND c.relname NOT IN ('flyway_schema_history', 'schema_migrations') AND a.attgenerated = ''
                      ORDER BY c.oid, a.attnum""")) {
            while (rows.next()) {
                tables.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return tables;
    }

    private static int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(version::int), 0) FROM flyway_schema_history"
                     + " WHERE success AND version IS NOT NULL")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", options.getUser());
        if (options.getPassword() != null) {
            properties.setProperty("password", options.getPassword());
        }
        return DriverManager.getConnection(Migrations.jdbcUrl(options), properties);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** COPY closes the stream it writes to; the zip must stay open for the next table. */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class NotClosingInput extends FilterInputStream {
        NotClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the zip's next entry follows
        }
    }
}
