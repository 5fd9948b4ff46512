package io.workshopmonitor.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInCodesTest {

    private Instant now = Instant.parse("2026-12-03T09:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aCodeWorksOnceAndOnlyItself() {
        SignInCodes codes = new SignInCodes(clock);
        String code = codes.issue();
        assertThat(code).matches("[A-Za-z0-9_-]{20}");
        assertThat(codes.redeem(code.substring(1) + "x")).isFalse();
        assertThat(codes.redeem(null)).isFalse();
        assertThat(codes.redeem(code)).isTrue();
        assertThat(codes.redeem(code)).as("a second use").isFalse();
    }

    @Test
    void aCodeStopsWorkingAfterFifteenMinutes() {
        SignInCodes codes = new SignInCodes(clock);
        String early = codes.issue();
        String late = codes.issue();
        now = now.plus(SignInCodes.LIFETIME).minusSeconds(1);
        assertThat(codes.redeem(early)).isTrue();
        now = now.plus(Duration.ofSeconds(1));
        assertThat(codes.redeem(late)).isFalse();
        assertThat(codes.issue()).isNotEqualTo(early);
    }
}
