package io.workshopmonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.support.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image Jib wrote ({@code mvn -Pimage package}, target/jib-image.tar, as docker load takes it): its
 * manifest names the image, the entrypoint starts the service's main class from the app's own layers, the ports are
 * the service's defaults, it runs as a user with a data volume, and the layers hold the app and its configuration.
 */
class ImageTarIT {

    private static final Path TAR = Path.of("target", "jib-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsTheServiceFromItsOwnLayersAsAnUnprivilegedUser() throws IOException {
        if (!Files.exists(TAR)) {
            String reason = TAR + " is not built: mvn -Pimage package builds it (scripts/test.sh does)";
            if (Tools.required()) {
                throw new AssertionError(reason);
            }
            Assumptions.abort(reason);
        }
        Map<String, byte[]> entries = entries(Files.newInputStream(TAR), false);
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        assertThat(manifest.get("RepoTags").toString()).contains("workshop-monitor:latest");
        JsonNode config = JSON.readTree(entries.get(manifest.get("Config").asText())).get("config");

        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo("io.workshopmonitor.Application");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
        assertThat(config.get("User").asText()).isNotIn("", "0", "root", "0:0");
        assertThat(config.get("Volumes").has("/data")).isTrue();
        assertThat(config.get("Env").toString()).contains("WM_DATA_DIR=/data");

        AppConfig defaults = ConfigLoader.load(Map.of());
        List<String> ports = new ArrayList<>();
        config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).contains(defaults.http().port() + "/tcp", defaults.mqtt().port() + "/tcp",
                defaults.management().port() + "/tcp");

        Map<String, byte[]> files = new HashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            files.putAll(entries(new GZIPInputStream(new java.io.ByteArrayInputStream(entries.get(layer.asText()))), true));
        }
        assertThat(files.keySet()).anyMatch(name -> name.matches("app/libs/vertx-core-.*\\.jar"))
                .contains("app/classes/io/workshopmonitor/Application.class", "app/resources/logback.xml",
                        "app/config/application.yaml", "app/jib-classpath-file");
        assertThat(new String(files.get("app/config/application.yaml"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(Path.of("config", "application.yaml")));
        // the classpath file the entrypoint reads names the app's classes and every library layer's jar
        String classpath = new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8);
        assertThat(classpath).contains("/app/classes").contains("/app/libs/");
    }

    /** The files of a tar stream (names without a leading "./" or "/"); only regular files when {@code filesOnly}. */
    private static Map<String, byte[]> entries(InputStream in, boolean filesOnly) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream tar = in) {
            byte[] header = new byte[512];
            while (tar.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = tar.readNBytes((int) size);
                tar.skipNBytes((512 - size % 512) % 512);
                if (!filesOnly || type == '0' || type == 0) {
                    entries.put(name.replaceFirst("^\\./", "").replaceFirst("^/", ""), body);
                }
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
