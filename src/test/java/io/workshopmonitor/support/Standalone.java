package io.workshopmonitor.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tests' real servers on their own, for the cluster benchmark ({@code bench/cluster.sh}) and for trying cluster
 * mode by hand without installing anything: {@code postgres DIR PORT} or {@code kafka DIR}. Writes what to connect
 * to into {@code DIR/address} and runs until killed.
 */
public final class Standalone {

    private Standalone() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dir);
        String address;
        AutoCloseable server;
        switch (args[0]) {
            case "postgres" -> {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[2]))
                        .setDataDirectory(dir.resolve("data")).setCleanDataDirectory(false).start();
                address = "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
                server = postgres;
            }
            case "kafka" -> {
                KafkaBroker kafka = KafkaBroker.startIn(dir);
                address = kafka.bootstrapServers();
                server = kafka;
            }
            default -> throw new IllegalArgumentException("postgres DIR PORT | kafka DIR");
        }
        Files.writeString(dir.resolve("address"), address);
        System.out.println(args[0] + " ready: " + address);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }));
        Thread.currentThread().join();
    }
}
