package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Device credentials per workshop: the username and the password's hash, never the password. */
public final class DeviceStore {

    /** A device as stored. */
    public record Device(WorkshopKey workshop, String id, String username, String passwordHash, Instant createdAt,
                         String createdBy) {
    }

    private static final String COLUMNS = "prison, workshop, id, username, password_hash, created_at, created_by";
    private static final String INSERT = "INSERT INTO devices (prison, workshop, id, username, password_hash, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
    private static final String LIST = "SELECT " + COLUMNS + " FROM devices WHERE prison = $1 AND workshop = $2 ORDER BY id";
    private static final String BY_USERNAME = "SELECT " + COLUMNS + " FROM devices WHERE username = $1";
    private static final String DELETE = "DELETE FROM devices WHERE prison = $1 AND workshop = $2 AND id = $3 RETURNING username";

    private final Pool pool;

    public DeviceStore(Pool pool) {
        this.pool = pool;
    }

    /** @return false when the workshop already has a device with this id */
    public Future<Boolean> add(WorkshopKey workshop, String id, String passwordHash, String createdBy) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(workshop.prison(), workshop.workshop(), id,
                username(workshop, id), passwordHash, Sql.text(createdBy))).map(rows -> rows.rowCount() == 1);
    }

    public Future<List<Device>> list(WorkshopKey workshop) {
        return pool.preparedQuery(LIST).execute(Tuple.of(workshop.prison(), workshop.workshop())).map(rows -> {
            List<Device> devices = new ArrayList<>();
            rows.forEach(row -> devices.add(device(row)));
            return devices;
        });
    }

    public Future<Optional<Device>> byUsername(String username) {
        return pool.preparedQuery(BY_USERNAME).execute(Tuple.of(username))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(device(rows.iterator().next())));
    }

    /** @return the revoked device's username, if there was such a device */
    public Future<Optional<String>> delete(WorkshopKey workshop, String id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(workshop.prison(), workshop.workshop(), id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    public static String username(WorkshopKey workshop, String id) {
        return workshop + "/" + id;
    }

    private static Device device(Row row) {
        return new Device(new WorkshopKey(row.getString("prison"), row.getString("workshop")), row.getString("id"),
                row.getString("username"), row.getString("password_hash"), row.getOffsetDateTime("created_at").toInstant(),
                row.getString("created_by"));
    }
}
