package io.workshopmonitor.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final HandClock clock = new HandClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, new LoginThrottle.Policy(5, Duration.ofSeconds(2)),
            new LoginThrottle.Policy(3, Duration.ofSeconds(4)), 100);

    @Test
    void aBurstOfFailuresForOneUsernameIsAllowedThenOneAttemptPerRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.allows("10.0.0.1", "MDI/textiles-1/gw")).isTrue();
            throttle.failed("10.0.0." + i, "MDI/textiles-1/gw");
        }
        assertThat(throttle.allows("10.0.0.9", "MDI/textiles-1/gw")).as("whatever address it comes from").isFalse();
        assertThat(throttle.retryAfter("10.0.0.9", "MDI/textiles-1/gw")).isEqualTo(Duration.ofSeconds(4));
        clock.advance(Duration.ofMillis(3_999));
        assertThat(throttle.allows("10.0.0.9", "MDI/textiles-1/gw")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.allows("10.0.0.9", "MDI/textiles-1/gw")).isTrue();
        throttle.failed("10.0.0.9", "MDI/textiles-1/gw");
        assertThat(throttle.allows("10.0.0.9", "MDI/textiles-1/gw")).as("the refilled attempt is spent").isFalse();
    }

    @Test
    void oneAddressGuessingManyUsernamesIsThrottledByItsAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.1", "MDI/textiles-1/guess-" + i);
        }
        assertThat(throttle.allows("10.0.0.1", "MDI/textiles-1/guess-new")).isFalse();
        assertThat(throttle.allows("10.0.0.2", "MDI/textiles-1/guess-new")).as("another address is not held back").isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.allows("10.0.0.1", "MDI/textiles-1/guess-new")).as("the bucket refills").isTrue();
    }

    @Test
    void aSuccessRefillsTheUsernameButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "MDI/textiles-1/gw");
        }
        throttle.succeeded("MDI/textiles-1/gw");
        assertThat(throttle.allows("10.0.0.2", "MDI/textiles-1/gw")).isTrue();
        throttle.failed("10.0.0.1", "MDI/textiles-1/other");
        throttle.failed("10.0.0.1", "MDI/textiles-1/other2");
        assertThat(throttle.allows("10.0.0.1", "MDI/textiles-1/x")).as("5 failures from the address, success or not").isFalse();
    }

    @Test
    void theBucketNeverHoldsMoreThanItsBurst() {
        clock.advance(Duration.ofDays(30));
        throttle.failed("10.0.0.1", "a");
        clock.advance(Duration.ofDays(30));
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "a");
        }
        assertThat(throttle.allows("10.0.0.1", "a")).isFalse();
    }

    @Test
    void theTablesStayBoundedUnderASprayOfMadeUpUsernames() {
        LoginThrottle small = new LoginThrottle(clock, new LoginThrottle.Policy(1, Duration.ofHours(1)),
                new LoginThrottle.Policy(1, Duration.ofHours(1)), 10);
        small.failed("10.0.0.1", "first");
        assertThat(small.allows("10.0.0.2", "first")).isFalse();
        for (int i = 0; i < 10; i++) {
            small.failed("10.0.1." + i, "spray-" + i);
        }
        assertThat(small.allows("10.0.0.2", "first")).as("the oldest entry made way").isTrue();
    }

    @Test
    void aPolicyWithoutABurstOrRefillIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoginThrottle.Policy(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoginThrottle.Policy(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
