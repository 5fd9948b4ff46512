package io.workshopmonitor.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * People whose tokens were revoked (a member of staff who left, a role taken away): every token of theirs
 * issued up to and including the second of the revocation is refused, on every call and on open live-feed
 * sockets, while tokens issued afterwards work. Read by every verticle, written by the API and by the
 * periodic reload from PostgreSQL, hence concurrent.
 */
public final class Revocations {

    private final Map<String, Instant> before = new ConcurrentHashMap<>();

    /** Whether a token of {@code user} issued at {@code issuedAt} (null: the token does not say) is revoked. */
    public boolean revokes(String user, Instant issuedAt) {
        Instant revoked = before.get(user);
        if (revoked == null) {
            return false;
        }
        // a token's iat has whole seconds: one from the second of the revocation may be older than it
        return issuedAt == null || !issuedAt.isAfter(revoked.truncatedTo(ChronoUnit.SECONDS));
    }

    public void revoke(String user, Instant at) {
        before.merge(user, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** What PostgreSQL holds, which every instance of a cluster reloads. */
    public void replaceAll(Map<String, Instant> stored) {
        stored.forEach(this::revoke);
        before.keySet().retainAll(stored.keySet());
    }
}
