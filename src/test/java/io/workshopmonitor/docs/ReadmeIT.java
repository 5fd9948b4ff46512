package io.workshopmonitor.docs;

import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.ServiceProcess;
import io.workshopmonitor.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README as a new user follows it: each shell block marked {@code <!-- readme-test: … -->} runs as written, with
 * bash, in a directory where the service was started with its defaults (ports 8080, 1883 and 9400, data in
 * ./data), and what it did is checked in the service.
 */
class ReadmeIT {

    private static final Pattern TESTED_BLOCK = Pattern.compile("<!-- readme-test:[^>]*-->\\s*```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theTryItStepsRunAsWrittenAgainstAServiceStartedWithItsDefaults() throws Exception {
        for (String program : List.of("curl", "jq", "mosquitto_pub")) {
            Tools.require(program, "Debian package " + (program.equals("mosquitto_pub") ? "mosquitto-clients" : program));
        }
        List<String> blocks = testedBlocks(Files.readString(Path.of("README.md")));
        assertThat(blocks).as("blocks marked readme-test in README.md").isNotEmpty();
        for (int port : List.of(8080, 1883, 9400)) {
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.close();
            } catch (IOException e) {
                throw new AssertionError("the README's steps use port " + port + ", which another process holds here", e);
            }
        }
        // the README's defaults, with the data directory ./data beside where the steps run
        // (the ports are named only because the test's HTTP clients read them from here; they are the defaults)
        Map<String, String> env = new HashMap<>(Map.of("WM_DATA_DIR", dir.resolve("data").toString(),
                "WM_HTTP_PORT", "8080", "WM_MQTT_PORT", "1883", "WM_MANAGEMENT_PORT", "9400"));
        try (ServiceProcess service = ServiceProcess.start(env, dir.resolve("service.log"))) {
            for (String block : blocks) {
                Path script = dir.resolve("step.sh");
                Files.writeString(script, "set -euo pipefail\n" + block);
                ProcessBuilder bash = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                        .redirectErrorStream(true);
                bash.environment().keySet().removeIf(key -> key.startsWith("WM_"));
                Process run = bash.start();
                String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(run.exitValue()).as("bash exit code; it printed:%n%s", output).isZero();
                assertThat(output).as("readiness as the README shows it").contains("{\"status\":\"UP\"");
                assertThat(output).as("the metrics grep").contains("ingest_messages_total{outcome=\"accepted\"");
            }
            Http admin = service.http;
            assertThat(admin.get("/api/v1/workshops/MDI/textiles-1").status()).as("the workshop the steps configure").isEqualTo(200);
            assertThat(admin.get("/api/v1/workshops/MDI/textiles-1/devices").body()).contains("sew-04-gateway");
            String metrics = service.management.get("/metrics").body();
            assertThat(io.workshopmonitor.support.Devices.metric(metrics, "ingest_messages_total{outcome=\"accepted\",reason=\"none\"}"))
                    .as("the reading mosquitto_pub sent was accepted").isEqualTo(1.0);
        }
    }

    @Test
    void everyLinkInTheReadmeAndDocsResolvesInsideTheRepository() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (var docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            String text = Files.readString(document);
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://localhost") || target.startsWith("mailto:")) {
                    continue;
                }
                if (target.matches("[a-z]+://.*")) {
                    broken.add(document + ": " + target + " leads outside the repository");
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? document : document.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** GitHub's anchors: headings lower-cased, punctuation dropped, spaces to hyphens. */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*)$").matcher(line);
            if (heading.matches()) {
                anchors.add(heading.group(1).trim().toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    static List<String> testedBlocks(String readme) {
        List<String> blocks = new ArrayList<>();
        Matcher m = TESTED_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
