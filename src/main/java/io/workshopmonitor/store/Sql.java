package io.workshopmonitor.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between domain values and what the PostgreSQL client binds. */
final class Sql {

    private Sql() {
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** PostgreSQL text cannot hold NUL; anything a device sends must still be storable. */
    static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }
}
