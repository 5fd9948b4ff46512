package io.workshopmonitor.api;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller: {@code perMinute} calls a minute, refilled smoothly, with a minute's worth as the
 * burst. One caller over its rate is told when to come back and costs nobody else anything.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long updatedMs;

        Bucket(double tokens, long updatedMs) {
            this.tokens = tokens;
            this.updatedMs = updatedMs;
        }
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return 0 when the call may go ahead, else the whole seconds to wait before the next one may */
    long take(String caller) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(perMinute, now));
        synchronized (bucket) {
            double perMs = perMinute / 60_000.0;
            bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedMs) * perMs);
            bucket.updatedMs = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / perMs / 1000.0);
        }
    }

    /** Forgets callers whose bucket has filled up again: they are as if new. */
    void forgetIdle() {
        long now = clock.millis();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            if (now - bucket.updatedMs > 60_000) {
                it.remove();
            }
        }
    }
}
