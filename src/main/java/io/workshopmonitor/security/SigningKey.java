package io.workshopmonitor.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The service's own token-signing secret, kept in the data directory (mode 0600) when no identity provider
 * is configured: created on first start, the same ever after, so tokens survive restarts.
 */
public final class SigningKey {

    private SigningKey() {
    }

    /** Blocking file access: call it off the event loop (at start, or from the token command). */
    public static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("auth").resolve("signing.key");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            writePrivate(file, encoded);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token-signing key " + file, e);
        }
    }

    /**
     * Keeps {@code key} as the data directory's key (a cluster's shared one), so the {@code token} command run
     * beside any instance signs tokens the whole cluster accepts. Blocking.
     */
    public static void keep(Path dataDir, String key) {
        Path file = dataDir.resolve("auth").resolve("signing.key");
        try {
            if (!key.equals(Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : null)) {
                writePrivate(file, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token-signing key " + file, e);
        }
    }

    /** Writes a file only its owner can read, creating it that way so it is never readable by others. */
    static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
