package io.workshopmonitor.store;

import io.workshopmonitor.config.ConfigException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One service per data directory: an operating-system lock on {@code <dataDir>/service.lock}, held for as long
 * as the service runs its embedded PostgreSQL there. The kernel drops it when the process ends, however it
 * ends (kill -9 too), so a lock that is free means whoever held it is gone, and a PostgreSQL still running on
 * the directory is an orphan; one that is held means a live service, which a second start must leave alone.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE = "service.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails at once naming who holds it. */
    static DataDirectoryLock take(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim().replace('\n', ' ');
            channel.close();
            throw new ConfigException("dataDir (" + dataDir + ") is in use by a running Workshop Monitor"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop it first, or give this one a data"
                    + " directory of its own (WM_DATA_DIR); the running one was left untouched");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
