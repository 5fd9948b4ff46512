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

    /**
     * A caller's prisons as a query parameter for {@code ($n::text[] IS NULL OR prison = ANY($n))}: null when
     * the caller sees every prison. Every list a person reads is limited here, in the query itself.
     */
    static String[] prisons(java.util.Optional<java.util.List<String>> scope) {
        return scope.map(list -> list.toArray(String[]::new)).orElse(null);
    }

    /** PostgreSQL text cannot hold NUL; anything a device sends must still be storable. */
    static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }
}
