package io.workshopmonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.workshopmonitor.security.LoginThrottle;
import io.workshopmonitor.security.PasswordHash;
import io.workshopmonitor.store.DeviceStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a device's MQTT credentials so that a flood of wrong guesses cannot lock real devices out or tell
 * an attacker which usernames exist:
 * <ul>
 *   <li>a device that signed in before is recognised by a keyed digest of its password held in memory, in
 *       microseconds, without the deliberately slow hash and whatever the throttle says;</li>
 *   <li>failures are throttled per source address and per username ({@link LoginThrottle}); a throttled
 *       attempt is refused at once, without hashing;</li>
 *   <li>the slow hashes run on a small pool of their own, never more than {@link #MAX_WAITING} at a time,
 *       so they cannot starve the database or the ingest threads;</li>
 *   <li>an unknown username is hashed against a stand-in as a known one is, so both are refused in the
 *       same time.</li>
 * </ul>
 * Confined to the MQTT verticle's event loop.
 */
final class DeviceSignIn {

    enum Outcome {
        ACCEPTED, REFUSED, THROTTLED, BUSY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Slow hashes queued or running at once; past this an attempt is refused as "busy, try later". */
    static final int MAX_WAITING = 16;
    private static final int HASH_THREADS = 2;
    private static final int MAX_REMEMBERED = 100_000;
    /** Costs what a real device's check costs, for usernames that do not exist. */
    private static final String STAND_IN = PasswordHash.hash(PasswordHash.newPassword());

    private record Remembered(String storedHash, byte[] digest) {
    }

    private final DeviceStore devices;
    private final LoginThrottle throttle;
    private final WorkerExecutor hashing;
    private final Mac mac;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Map<Outcome, Counter> counted = new EnumMap<>(Outcome.class);
    private int waiting;

    DeviceSignIn(Vertx vertx, DeviceStore devices, MeterRegistry registry) {
        this.devices = devices;
        this.throttle = new LoginThrottle(Clock.systemUTC());
        this.hashing = vertx.createSharedWorkerExecutor("mqtt-sign-in", HASH_THREADS);
        this.mac = newMac();
        for (Outcome outcome : Outcome.values()) {
            counted.put(outcome, Counter.builder("mqtt_sign_ins")
                    .description("Device sign-ins on the MQTT endpoint by outcome (throttled: refused unchecked after repeated failures)")
                    .tag("outcome", outcome.label()).register(registry));
        }
    }

    Future<Outcome> check(String address, String username, String password) {
        return devices.byUsername(username)
                .compose(device -> decide(address, username, password, device))
                .onSuccess(outcome -> counted.get(outcome).increment());
    }

    private Future<Outcome> decide(String address, String username, String password, Optional<DeviceStore.Device> device) {
        byte[] digest = digest(password);
        Remembered known = remembered.get(username);
        // the stored hash must still be the one remembered: a device revoked and issued again elsewhere is checked afresh
        if (known != null && device.isPresent() && known.storedHash().equals(device.get().passwordHash())
                && MessageDigest.isEqual(known.digest(), digest)) {
            return Future.succeededFuture(Outcome.ACCEPTED);
        }
        if (!throttle.allows(address, username)) {
            return Future.succeededFuture(Outcome.THROTTLED);
        }
        if (waiting >= MAX_WAITING) {
            return Future.succeededFuture(Outcome.BUSY);
        }
        String stored = device.map(DeviceStore.Device::passwordHash).orElse(STAND_IN);
        waiting++;
        return hashing.executeBlocking(() -> PasswordHash.matches(password, stored) && device.isPresent(), false)
                .andThen(ignored -> waiting--)
                .map(matches -> {
                    if (matches) {
                        throttle.succeeded(username);
                        remembered.put(username, new Remembered(stored, digest));
                        return Outcome.ACCEPTED;
                    }
                    throttle.failed(address, username);
                    return Outcome.REFUSED;
                });
    }

    /** A revoked device is not recognised from memory any more. */
    void forget(String username) {
        remembered.remove(username);
    }

    Future<Void> close() {
        return hashing.close();
    }

    private byte[] digest(String password) {
        return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    }

    /** Keyed with a secret made at start and never stored: the digests are worthless outside this process. */
    private static Mac newMac() {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
