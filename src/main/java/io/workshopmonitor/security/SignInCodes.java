package io.workshopmonitor.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time sign-in codes: the start-up log carries a link with one instead of a long-lived token, so whoever reads
 * shipped logs later holds nothing. A code is good once, for {@link #LIFETIME}, and only in this process.
 */
public final class SignInCodes {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    /** Outstanding codes and when each stops working. */
    private final Map<String, Instant> codes = new ConcurrentHashMap<>();

    public SignInCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code: 120 random bits, URL-safe. */
    public String issue() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, clock.instant().plus(LIFETIME));
        return code;
    }

    /** True once for a code issued here that has not expired; it is spent either way. */
    public boolean redeem(String code) {
        if (code == null) {
            return false;
        }
        Instant now = clock.instant();
        codes.values().removeIf(expiry -> !expiry.isAfter(now));
        // compared in constant time, so the answer's timing says nothing about how close a guess came
        String match = null;
        for (String candidate : codes.keySet()) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
                match = candidate;
            }
        }
        return match != null && codes.remove(match) != null;
    }
}
