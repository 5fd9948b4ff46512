package io.workshopmonitor.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The service in a child JVM, as in production, so a test can kill it with SIGKILL. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    public final Http http;
    public final Http management;

    private ServiceProcess(Process process, Map<String, String> env) {
        this.process = process;
        this.http = new Http("http://localhost:" + env.get("WM_HTTP_PORT"), () -> RunningService.adminToken(env));
        this.management = new Http("http://localhost:" + env.get("WM_MANAGEMENT_PORT"));
    }

    public static ServiceProcess start(Map<String, String> env, Path log) throws IOException {
        ServiceProcess service = new ServiceProcess(launch(env, log), env);
        service.awaitReady(Duration.ofSeconds(120));
        return service;
    }

    /** The service's JVM, started and not waited for: for a start that is meant to fail. */
    public static Process launch(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.workshopmonitor.Application")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("WM_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue());
            }
            try {
                if (management.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("service not ready within " + timeout);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
