package io.workshopmonitor.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins counted per source address and per username as token buckets: a burst of failures is
 * allowed (a device with a stale password, a typo at the console), then one attempt per refill interval.
 * Past that, an attempt is answered at once, without the slow password hash, so a flood of guesses cannot
 * take the hashing threads from real devices. Successes do not spend the budget, and a success for a
 * username refills its bucket.
 *
 * <p>Known and unknown usernames are counted alike, so the throttle does not tell which devices exist. Each
 * table keeps at most {@code maxEntries} keys, least recently failed first out: memory stays bounded under a
 * spray of made-up usernames, at the price of forgetting the oldest failures. Not thread-safe: one event loop
 * owns it.
 */
public final class LoginThrottle {

    /** At most {@code burst} failures at once, then one more per {@code refill}. */
    public record Policy(int burst, Duration refill) {
        public Policy {
            if (burst < 1 || refill.isNegative() || refill.isZero()) {
                throw new IllegalArgumentException("a throttle needs a burst of at least 1 and a positive refill");
            }
        }
    }

    /** 20 failures from one address, then one every 3 s. */
    public static final Policy PER_ADDRESS = new Policy(20, Duration.ofSeconds(3));
    /** 10 failures for one username, then one every 6 s. */
    public static final Policy PER_USERNAME = new Policy(10, Duration.ofSeconds(6));

    private final Buckets addresses;
    private final Buckets usernames;
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this(clock, PER_ADDRESS, PER_USERNAME, 50_000);
    }

    public LoginThrottle(Clock clock, Policy perAddress, Policy perUsername, int maxEntries) {
        this.clock = clock;
        this.addresses = new Buckets(perAddress, maxEntries);
        this.usernames = new Buckets(perUsername, maxEntries);
    }

    /** Whether an attempt from {@code address} as {@code username} may be checked now. */
    public boolean allows(String address, String username) {
        long now = clock.millis();
        return addresses.hasToken(address, now) && usernames.hasToken(username, now);
    }

    public void failed(String address, String username) {
        long now = clock.millis();
        addresses.take(address, now);
        usernames.take(username, now);
    }

    public void succeeded(String username) {
        usernames.forget(username);
    }

    /** How long until {@code address} as {@code username} may try again; zero when it may now. */
    public Duration retryAfter(String address, String username) {
        long now = clock.millis();
        return Duration.ofMillis(Math.max(addresses.waitMillis(address, now), usernames.waitMillis(username, now)));
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private static final class Buckets {
        private final Policy policy;
        private final Map<String, Bucket> byKey;

        Buckets(Policy policy, int maxEntries) {
            this.policy = policy;
            this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > maxEntries;
                }
            };
        }

        private double tokens(Bucket bucket, long now) {
            double refilled = bucket.tokens + (double) (now - bucket.at) / policy.refill().toMillis();
            return Math.min(policy.burst(), refilled);
        }

        boolean hasToken(String key, long now) {
            Bucket bucket = byKey.get(key);
            return bucket == null || tokens(bucket, now) >= 1;
        }

        void take(String key, long now) {
            Bucket bucket = byKey.get(key);
            if (bucket == null) {
                byKey.put(key, new Bucket(policy.burst() - 1, now));
                return;
            }
            bucket.tokens = Math.max(0, tokens(bucket, now) - 1);
            bucket.at = now;
        }

        long waitMillis(String key, long now) {
            Bucket bucket = byKey.get(key);
            if (bucket == null) {
                return 0;
            }
            double missing = 1 - tokens(bucket, now);
            return missing <= 0 ? 0 : (long) Math.ceil(missing * policy.refill().toMillis());
        }

        void forget(String key) {
            byKey.remove(key);
        }
    }
}
