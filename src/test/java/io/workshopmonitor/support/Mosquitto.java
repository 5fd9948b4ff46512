package io.workshopmonitor.support;


import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real Mosquitto broker run by the test on a free loopback port, with persistence so it can be restarted. */
public final class Mosquitto implements AutoCloseable {


    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling test, with the reason, where Mosquitto is not installed. */
    public static Mosquitto startIn(Path dir) throws IOException {
        return startIn(dir, List.of("allow_anonymous true"));
    }

    /** With these configuration lines (authentication, ACLs) in place of anonymous access. */
    public static Mosquitto startIn(Path dir, List<String> access) throws IOException {
        Path binary = Tools.require("mosquitto", "Debian package mosquitto");
        Mosquitto broker = new Mosquitto(binary, dir, Ports.free());
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + broker.port + " 127.0.0.1\n"
                + String.join("\n", access) + "\n" + String.join("\n",
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 100000",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                ""));
        broker.start();
        return broker;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IOException("mosquitto did not open port " + port + ": " + Files.readString(dir.resolve("mosquitto.log")));
    }

    /** A clean stop: Mosquitto writes its persistence file (queued messages, sessions) on SIGTERM. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
