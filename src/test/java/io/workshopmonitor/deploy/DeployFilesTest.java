package io.workshopmonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.security.SigningKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deployment files under {@code deploy/} (Docker Compose and Kubernetes) against the code and the repository:
 * the files they mount exist, the {@code WM_*} variables they set are ones the service reads, the ports they
 * publish and probe are the service's configured defaults, and the probes ask {@code /health/live} and
 * {@code /health/ready} on the management port. Nothing is started: the files are only read. Runs from the
 * repository root (Maven's working directory).
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    private static final Path DEPLOY = Path.of("deploy");
    private static final Path K8S = DEPLOY.resolve("k8s");

    /** The ports the deploy files may use, by the configuration key that sets them. */
    private static final List<String> PORT_KEYS = List.of("http.port", "mqtt.port", "management.port");

    private static final Pattern WM_NAME = Pattern.compile("\\bWM_[A-Z0-9_]+\\b");
    private static final Pattern HEALTH_URL = Pattern.compile("https?://[^/\\s\"']+:(\\d+)(/health/[a-z]+)");
    /** Compose's ${VAR}, ${VAR:-default}, ${VAR:?message}: replaced by a stand-in value before validation. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[^}]*}");

    @BeforeAll
    static void fromTheRepositoryRoot() {
        assertThat(DEPLOY.resolve("compose.yaml")).as("run from the repository root (working directory %s)", ROOT)
                .isRegularFile();
    }

    // ---------------------------------------------------------------------------------------------------------
    // what the service reads

    /** Every variable the service reads, as start-up checks them: what a deploy file may set. */
    static Set<String> knownVariables() {
        return ConfigLoader.variables();
    }

    @org.junit.jupiter.api.Test
    void everyVariableTheLoggingConfigurationReadsIsOneStartUpAccepts() throws IOException {
        try (InputStream logback = DeployFilesTest.class.getResourceAsStream("/logback.xml")) {
            assertThat(logback).as("logback.xml on the classpath").isNotNull();
            Matcher m = Pattern.compile("\\$\\{(WM_[A-Z0-9_]+)").matcher(new String(logback.readAllBytes(), StandardCharsets.UTF_8));
            Set<String> read = new TreeSet<>();
            while (m.find()) {
                read.add(m.group(1));
            }
            assertThat(read).isNotEmpty();
            assertThat(ConfigLoader.variables()).containsAll(read);
        }
    }

    /** The defaults in config/application.yaml, the file the image carries at /app/config/application.yaml. */
    static JsonNode applicationYaml() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("config", "application.yaml").toFile());
    }

    static int defaultPort(String key) throws IOException {
        JsonNode node = applicationYaml();
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        assertThat(node.isInt()).as("%s in config/application.yaml is a port number", key).isTrue();
        return node.asInt();
    }

    static Map<String, Integer> defaultPorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String key : PORT_KEYS) {
            ports.put(key, defaultPort(key));
        }
        return ports;
    }

    // ---------------------------------------------------------------------------------------------------------
    // reading YAML

    /**
     * Jackson's YAML parser does not resolve aliases or merge keys (an alias comes back as the anchor's name, and
     * {@code <<} as a field), and the compose files use both; SnakeYAML, the parser under Jackson's YAML module,
     * resolves them, and Jackson then gives the tree.
     */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static JsonNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new ObjectMapper().valueToTree(yaml().load(reader));
        } catch (IOException | RuntimeException e) {
            return fail("%s does not parse as YAML: %s", file, e.getMessage());
        }
    }

    static List<JsonNode> readAll(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(new ObjectMapper().valueToTree(document));
                }
            }
        } catch (IOException | RuntimeException e) {
            fail("%s does not parse as YAML: %s", file, e.getMessage());
        }
        return documents;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Compose

    static Stream<Path> composeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("(docker-)?compose(\\.[\\w-]+)?\\.ya?ml"))
                    .sorted().toList();
            assertThat(found).contains(DEPLOY.resolve("compose.yaml"), DEPLOY.resolve("cluster").resolve("compose.yaml"));
            return found.stream();
        }
    }

    /** A volume entry of a compose service: where it comes from (a host path or a named volume) and where it goes. */
    record Mount(String source, String target, boolean bind) {
    }

    static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                if (parts.length == 1) {
                    mounts.add(new Mount("", parts[0], false)); // an anonymous volume
                } else {
                    String source = parts[0];
                    boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
                    mounts.add(new Mount(source, parts[1], bind));
                }
            } else {
                String type = volume.path("type").asText("volume");
                mounts.add(new Mount(volume.path("source").asText(""), volume.path("target").asText(), type.equals("bind")));
            }
        }
        return mounts;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isObject()) {
            environment.properties().forEach(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else {
            for (JsonNode entry : environment) {
                String[] kv = entry.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    /** A service running Workshop Monitor: the Jib image, or the built jar on a JRE image. */
    static boolean isWorkshopMonitor(JsonNode service) {
        String image = service.path("image").asText("");
        return image.equals("workshop-monitor") || image.startsWith("workshop-monitor:") || image.contains("/workshop-monitor:")
                || service.path("command").toString().contains("workshop-monitor.jar");
    }

    static Map<String, JsonNode> services(JsonNode compose) {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    static Map<String, JsonNode> workshopMonitors(Path file, JsonNode compose) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        services(compose).forEach((name, service) -> {
            if (isWorkshopMonitor(service)) {
                found.put(name, service);
            }
        });
        assertThat(found).as("%s runs Workshop Monitor", file).isNotEmpty();
        return found;
    }

    /** The container port of a {@code ports} entry: {@code 8080}, {@code "8080:8080"}, {@code "127.0.0.1:9400:9400/tcp"}, long syntax. */
    static int containerPort(Path file, JsonNode entry) {
        String spec = entry.isObject() ? entry.path("target").asText() : entry.asText();
        String[] parts = spec.replaceAll("/(tcp|udp)$", "").split(":");
        String container = parts[parts.length - 1];
        assertThat(container).as("%s: port %s is one port, not a range", file, spec).matches("\\d+");
        return Integer.parseInt(container);
    }

    static Path hostPath(Path file, String source) {
        return file.getParent().resolve(source).toAbsolutePath().normalize();
    }

    /** The jar the build makes (pom.xml's finalName), which a compose file may mount from target/. */
    static Path builtJar() throws IOException {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("pom.xml names its finalName").isTrue();
        return ROOT.resolve("target").resolve(m.group(1) + ".jar");
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyBindMountedHostPathExistsInTheRepository(Path file) throws IOException {
        JsonNode compose = read(file);
        Set<String> namedVolumes = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        Path jar = builtJar();
        int binds = 0;
        for (Map.Entry<String, JsonNode> service : services(compose).entrySet()) {
            for (Mount mount : mounts(service.getValue())) {
                if (!mount.bind()) {
                    if (!mount.source().isEmpty()) {
                        assertThat(namedVolumes).as("%s: service %s mounts volume %s, declared under volumes:",
                                file, service.getKey(), mount.source()).contains(mount.source());
                    }
                    continue;
                }
                binds++;
                assertThat(mount.source()).as("%s: service %s mounts %s: a path in the repository, relative to the file",
                        file, service.getKey(), mount.source()).startsWith(".");
                Path host = hostPath(file, mount.source());
                // Path.startsWith, not AssertJ's (which resolves the real path and so needs the file to exist)
                assertThat(host.startsWith(ROOT)).as("%s: service %s mounts %s from inside the repository",
                        file, service.getKey(), mount.source()).isTrue();
                if (host.equals(jar)) {
                    continue; // the build's own output: there after mvn package, not in the repository
                }
                assertThat(host).as("%s: service %s mounts %s (%s)", file, service.getKey(), mount.source(), ROOT.relativize(host))
                        .exists();
            }
        }
        assertThat(binds).as("%s bind-mounts something (the parser sees its volumes)", file).isPositive();
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyWmVariableIsOneTheServiceReads(Path file) throws IOException {
        Set<String> known = knownVariables();
        JsonNode compose = read(file);
        services(compose).forEach((name, service) -> environment(service).keySet().stream()
                .filter(variable -> variable.startsWith("WM_"))
                .forEach(variable -> assertThat(known).as("%s: service %s sets %s", file, name, variable).contains(variable)));
        workshopMonitors(file, compose).forEach((name, service) ->
                assertThat(environment(service).keySet()).as("%s: service %s has WM_* settings", file, name)
                        .anyMatch(variable -> variable.startsWith("WM_")));
    }

    /** Beyond the names: the values too are ones the service accepts ({@link ConfigLoader#load} validates them). */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void theServiceAcceptsItsEnvironment(Path file) {
        workshopMonitors(file, read(file)).forEach((name, service) -> {
            Map<String, String> env = new HashMap<>();
            environment(service).forEach((k, v) -> env.put(k, INTERPOLATION.matcher(v).replaceAll("interpolated")));
            ConfigLoader.load(env);
        });
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void publishedPortsAreTheServicesDefaults(Path file) throws IOException {
        Map<String, Integer> defaults = defaultPorts();
        workshopMonitors(file, read(file)).forEach((name, service) -> {
            Map<String, String> env = environment(service);
            for (String key : PORT_KEYS) {
                Optional.ofNullable(env.get(ConfigLoader.envName(key))).ifPresent(value ->
                        assertThat(value).as("%s: service %s sets %s, which must stay the default (%s) that probes and"
                                + " scrape targets assume", file, name, ConfigLoader.envName(key), defaults.get(key))
                                .isEqualTo(String.valueOf(defaults.get(key))));
            }
            // in broker mode the service has no MQTT listener of its own
            boolean brokerMode = !env.getOrDefault(ConfigLoader.envName("mqtt.brokerUrl"), "").isEmpty();
            Set<Integer> listening = new TreeSet<>(List.of(defaults.get("http.port"), defaults.get("management.port")));
            if (!brokerMode) {
                listening.add(defaults.get("mqtt.port"));
            }
            List<Integer> published = new ArrayList<>();
            service.path("ports").forEach(entry -> published.add(containerPort(file, entry)));
            service.path("expose").forEach(entry -> published.add(containerPort(file, entry)));
            assertThat(published).as("%s: service %s publishes the ports it listens on (%s)", file, name, listening)
                    .isNotEmpty().isSubsetOf(listening).contains(defaults.get("http.port"));
        });
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void healthChecksAskReadinessOnTheManagementPort(Path file) throws IOException {
        int management = defaultPort("management.port");
        workshopMonitors(file, read(file)).forEach((name, service) -> {
            String test = service.path("healthcheck").path("test").toString();
            Matcher url = HEALTH_URL.matcher(test);
            assertThat(url.find()).as("%s: service %s has a health check on an http://host:port/health/... URL: %s",
                    file, name, test).isTrue();
            assertThat(url.group(2)).as("%s: service %s health check path", file, name).isEqualTo("/health/ready");
            assertThat(Integer.parseInt(url.group(1))).as("%s: service %s health check port", file, name).isEqualTo(management);
        });
    }

    /** Broker mode: the broker the service subscribes to is Mosquitto with docs/mosquitto's configuration. */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void brokerModeUsesTheDocumentedMosquittoSetup(Path file) throws IOException {
        JsonNode compose = read(file);
        Map<String, JsonNode> services = services(compose);
        for (Map.Entry<String, JsonNode> wm : workshopMonitors(file, compose).entrySet()) {
            Map<String, String> env = environment(wm.getValue());
            String brokerUrl = env.get(ConfigLoader.envName("mqtt.brokerUrl"));
            if (brokerUrl == null || brokerUrl.isEmpty()) {
                continue;
            }
            URI uri = URI.create(brokerUrl);
            JsonNode broker = services.get(uri.getHost());
            assertThat(broker).as("%s: %s names the compose service %s", file, brokerUrl, uri.getHost()).isNotNull();
            assertThat(broker.path("image").asText()).as("%s: the broker's image", file).startsWith("eclipse-mosquitto:");
            List<Mount> mounts = mounts(broker);

            Mount conf = mounts.stream().filter(m -> m.target().equals("/mosquitto/config/mosquitto.conf")).findFirst()
                    .orElseGet(() -> fail("%s: %s mounts a mosquitto.conf at /mosquitto/config/mosquitto.conf", file, uri.getHost()));
            Path confFile = hostPath(file, conf.source());
            assertThat(confFile).as("%s: the broker's configuration is the documented one", file)
                    .isEqualTo(ROOT.resolve("docs/mosquitto/mosquitto.conf"));
            String confText = Files.readString(confFile);
            assertThat(setting(confText, "allow_anonymous")).as("docs/mosquitto/mosquitto.conf allow_anonymous").contains("false");
            int listener = Integer.parseInt(setting(confText, "listener").orElseThrow().split("\\s+")[0]);
            assertThat(uri.getPort() == -1 ? 1883 : uri.getPort()).as("%s: %s's port is the broker's listener", file, brokerUrl)
                    .isEqualTo(listener);
            List<Integer> brokerPorts = new ArrayList<>();
            broker.path("ports").forEach(entry -> brokerPorts.add(containerPort(file, entry)));
            assertThat(brokerPorts).as("%s: the broker publishes its listener for devices", file).contains(listener);

            // the password file and the ACL are where the configuration says, and the ACL is the documented one
            for (String key : List.of("password_file", "acl_file")) {
                String path = setting(confText, key).orElseGet(() -> fail("mosquitto.conf has %s", key));
                assertThat(mounts).as("%s: the broker has %s %s mounted (the file itself, or a volume holding it)", file, key, path)
                        .anyMatch(m -> m.target().equals(path) || path.startsWith(m.target() + "/"));
            }
            String aclPath = setting(confText, "acl_file").orElseThrow();
            Mount acl = mounts.stream().filter(m -> m.bind() && m.target().equals(aclPath)).findFirst()
                    .orElseGet(() -> fail("%s: the broker's ACL %s is mounted from the repository", file, aclPath));
            String aclText = Files.readString(hostPath(file, acl.source()));
            String username = env.get(ConfigLoader.envName("mqtt.username"));
            String prefix = applicationYaml().path("mqtt").path("topicPrefix").asText();
            assertThat(username).as("%s: the service signs in to the broker (anonymous clients are refused)", file).isNotBlank();
            assertThat(aclText).as("the ACL lets the service's account %s read %s/#", username, prefix)
                    .containsPattern("(?m)^user " + Pattern.quote(username) + "\\s*\\R(?:#.*\\R)*topic read " + Pattern.quote(prefix) + "/#\\s*$");
        }
    }

    private static Optional<String> setting(String conf, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s+(.+?)\\s*$").matcher(conf);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Prometheus in a compose file scrapes the service in the compose network, with the repository's rules. */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void prometheusScrapesTheServicesManagementPort(Path file) throws IOException {
        JsonNode compose = read(file);
        Map<String, JsonNode> services = services(compose);
        Set<String> wmServices = workshopMonitors(file, compose).keySet();
        int management = defaultPort("management.port");
        JsonNode reference = read(Path.of("grafana", "prometheus", "prometheus.yml"));
        JsonNode referenceJob = job(reference, "workshop-monitor");
        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            if (!service.getValue().path("image").asText().startsWith("prom/prometheus")) {
                continue;
            }
            List<Mount> mounts = mounts(service.getValue());
            Mount config = mounts.stream().filter(m -> m.bind() && m.target().equals("/etc/prometheus/prometheus.yml")).findFirst()
                    .orElseGet(() -> fail("%s: %s mounts its configuration at /etc/prometheus/prometheus.yml", file, service.getKey()));
            JsonNode prometheus = read(hostPath(file, config.source()));
            JsonNode job = job(prometheus, "workshop-monitor");
            for (String field : List.of("metrics_path", "scrape_interval", "scrape_timeout")) {
                assertThat(job.path(field)).as("%s: job workshop-monitor's %s as in grafana/prometheus/prometheus.yml", config.source(), field)
                        .isEqualTo(referenceJob.path(field));
            }
            assertThat(prometheus.path("global")).as("%s: global as in grafana/prometheus/prometheus.yml", config.source())
                    .isEqualTo(reference.path("global"));
            List<String> targets = new ArrayList<>();
            job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
            assertThat(targets).as("%s: targets are the compose services running Workshop Monitor, on its management port", config.source())
                    .isNotEmpty()
                    .allSatisfy(target -> {
                        assertThat(wmServices).contains(target.substring(0, target.lastIndexOf(':')));
                        assertThat(target).endsWith(":" + management);
                    });
            // rule files: relative to the configuration's directory, each mounted from grafana/prometheus
            List<String> ruleFiles = new ArrayList<>();
            prometheus.path("rule_files").forEach(r -> ruleFiles.add(r.asText()));
            assertThat(ruleFiles).as("%s loads the alert rules", config.source()).isNotEmpty();
            for (String rule : ruleFiles) {
                String inContainer = Path.of("/etc/prometheus").resolve(rule).normalize().toString();
                Mount mount = mounts.stream().filter(m -> m.bind() && m.target().equals(inContainer)).findFirst()
                        .orElseGet(() -> fail("%s: rule file %s (%s) is mounted", file, rule, inContainer));
                assertThat(hostPath(file, mount.source())).as("%s: rule file %s", file, rule)
                        .isEqualTo(ROOT.resolve("grafana/prometheus/alerts.yml"));
            }
        }
    }

    private static JsonNode job(JsonNode prometheus, String name) {
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (job.path("job_name").asText().equals(name)) {
                return job;
            }
        }
        return fail("no scrape job %s (the alert rules and dashboards expect that job name)", name);
    }

    /** Grafana in a compose file is provisioned from grafana/, and its data source reaches the compose Prometheus. */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void grafanaIsProvisionedFromTheRepository(Path file) throws IOException {
        JsonNode compose = read(file);
        Map<String, JsonNode> services = services(compose);
        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            if (!service.getValue().path("image").asText().startsWith("grafana/grafana")) {
                continue;
            }
            List<Mount> mounts = mounts(service.getValue());
            assertThat(mounts).as("%s: grafana/provisioning at /etc/grafana/provisioning", file)
                    .anyMatch(m -> m.bind() && m.target().equals("/etc/grafana/provisioning")
                            && hostPath(file, m.source()).equals(ROOT.resolve("grafana/provisioning")));
            try (Stream<Path> providers = Files.list(Path.of("grafana", "provisioning", "dashboards"))) {
                for (Path provider : providers.filter(p -> p.toString().matches(".*\\.ya?ml")).toList()) {
                    for (JsonNode p : read(provider).path("providers")) {
                        String path = p.path("options").path("path").asText();
                        assertThat(mounts).as("%s: grafana/dashboards at %s, where %s loads them", file, path, provider)
                                .anyMatch(m -> m.bind() && m.target().equals(path)
                                        && hostPath(file, m.source()).equals(ROOT.resolve("grafana/dashboards")));
                    }
                }
            }
            try (Stream<Path> sources = Files.list(Path.of("grafana", "provisioning", "datasources"))) {
                for (Path source : sources.filter(p -> p.toString().matches(".*\\.ya?ml")).toList()) {
                    for (JsonNode ds : read(source).path("datasources")) {
                        if (!ds.path("type").asText().equals("prometheus")) {
                            continue;
                        }
                        URI url = URI.create(ds.path("url").asText());
                        JsonNode prometheus = services.get(url.getHost());
                        assertThat(prometheus).as("%s: data source URL %s names a compose service", source, url).isNotNull();
                        assertThat(prometheus.path("image").asText()).as("%s: %s is Prometheus", source, url.getHost())
                                .startsWith("prom/prometheus");
                        assertThat(prometheus.path("command").toString()).as("%s: Prometheus listens on its default port", file)
                                .doesNotContain("web.listen-address");
                        assertThat(url.getPort()).as("%s: data source port, Prometheus' 9090", source).isEqualTo(9090);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kubernetes

    static List<Path> k8sFiles() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    static JsonNode kustomization() {
        return read(K8S.resolve("kustomization.yaml"));
    }

    /** Every document of every manifest the kustomization lists. */
    static List<JsonNode> manifests() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode resource : kustomization().path("resources")) {
            documents.addAll(readAll(K8S.resolve(resource.asText())));
        }
        return documents;
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode deployment() throws IOException {
        List<JsonNode> workloads = new ArrayList<>(ofKind(manifests(), "Deployment"));
        workloads.addAll(ofKind(manifests(), "StatefulSet"));
        assertThat(workloads).as("deploy/k8s has one Deployment or StatefulSet").hasSize(1);
        return workloads.get(0);
    }

    static JsonNode container() throws IOException {
        JsonNode containers = deployment().path("spec").path("template").path("spec").path("containers");
        for (JsonNode container : containers) {
            if (container.path("image").asText().matches("(.*/)?workshop-monitor(:.*)?")) {
                return container;
            }
        }
        return fail("no container runs the workshop-monitor image in %s", containers);
    }

    /** secret.env's stand-in in the repository: the generator's env file, or its .example when it is made per installation. */
    static Path envFile(String name) {
        Path file = K8S.resolve(name);
        return Files.exists(file) ? file : K8S.resolve(name + ".example");
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] kv = trimmed.split("=", 2);
            env.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
        }
        return env;
    }

    /** Everything the container gets as environment: its ConfigMaps and Secrets (envFrom) and its own env. */
    static Map<String, String> containerEnvironment() throws IOException {
        JsonNode container = container();
        List<JsonNode> manifests = manifests();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                JsonNode map = ofKind(manifests, "ConfigMap").stream().filter(m -> m.path("metadata").path("name").asText().equals(name))
                        .findFirst().orElseGet(() -> fail("envFrom names ConfigMap %s, which deploy/k8s does not define", name));
                map.path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            } else if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                JsonNode generator = generator(name).orElseGet(() -> fail("envFrom names Secret %s, which the kustomization does not generate", name));
                assertThat(generator.path("envs")).as("Secret %s is made from env files", name).isNotEmpty();
                for (JsonNode envs : generator.path("envs")) {
                    Path file = envFile(envs.asText());
                    assertThat(file).as("the env file of Secret %s, or its .example", name).exists();
                    env.putAll(readEnvFile(file));
                }
            } else {
                fail("envFrom entry %s", from);
            }
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable.path("value").asText(""));
        }
        return env;
    }

    static Optional<JsonNode> generator(String name) {
        for (JsonNode generator : kustomization().path("secretGenerator")) {
            if (generator.path("name").asText().equals(name)) {
                return Optional.of(generator);
            }
        }
        return Optional.empty();
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Set<String> listed = new TreeSet<>();
        kustomization().path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        for (Path file : k8sFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                files.add(file.getFileName().toString());
            }
        }
        assertThat(listed).as("kustomization.yaml resources: every manifest in deploy/k8s").isEqualTo(files);
    }

    @Test
    void everyManifestParses() throws IOException {
        for (Path file : k8sFiles()) {
            List<JsonNode> documents = readAll(file);
            assertThat(documents).as("%s has a document", file).isNotEmpty();
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (JsonNode document : documents) {
                assertThat(document.path("apiVersion").asText()).as("%s apiVersion", file).isNotEmpty();
                assertThat(document.path("kind").asText()).as("%s kind", file).isNotEmpty();
                assertThat(document.path("metadata").path("name").asText()).as("%s metadata.name", file).isNotEmpty();
            }
        }
        String image = container().path("image").asText();
        List<String> images = new ArrayList<>();
        kustomization().path("images").forEach(i -> images.add(i.path("name").asText()));
        assertThat(images).as("kustomization images: the container's image name").allMatch(name -> image.startsWith(name + ":") || image.equals(name));
    }

    @Test
    void everyWmVariableInKubernetesIsOneTheServiceReads() throws IOException {
        Set<String> known = knownVariables();
        Set<String> names = new TreeSet<>(containerEnvironment().keySet());
        // every ConfigMap and generated Secret, also those the container does not (yet) take
        for (JsonNode map : ofKind(manifests(), "ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(names::add);
        }
        for (JsonNode generator : kustomization().path("secretGenerator")) {
            for (JsonNode envs : generator.path("envs")) {
                names.addAll(readEnvFile(envFile(envs.asText())).keySet());
            }
            for (JsonNode literal : generator.path("literals")) {
                names.add(literal.asText().split("=", 2)[0]);
            }
        }
        assertThat(names).as("deploy/k8s sets WM_* variables").anyMatch(n -> n.startsWith("WM_"));
        assertThat(names.stream().filter(n -> n.startsWith("WM_"))).as("WM_* variables in deploy/k8s").isSubsetOf(known);
        assertThat(containerEnvironment()).as("PostgreSQL is external: WM_DATABASE_URL comes from a Secret")
                .containsKey(ConfigLoader.envName("database.url"));
        ConfigLoader.load(containerEnvironment().entrySet().stream().filter(e -> e.getKey().startsWith("WM_"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Also where they are only mentioned: a comment naming a variable that does not exist misleads as much. */
    @Test
    void everyWmNameMentionedUnderDeployExists() throws IOException {
        Set<String> known = knownVariables();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = WM_NAME.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(known).as("%s mentions %s", file, m.group()).contains(m.group());
                }
            }
        }
    }

    @Test
    void containerPortsAndServicePortsAreTheServicesDefaults() throws IOException {
        Map<String, Integer> defaults = defaultPorts();
        Map<String, Integer> named = namedPorts();
        for (String key : PORT_KEYS) {
            String name = key.substring(0, key.indexOf('.'));
            assertThat(named).as("container port %s is %s's default", name, key).containsEntry(name, defaults.get(key));
        }
        assertThat(named.values()).as("container ports").isSubsetOf(defaults.values());
        Map<String, String> env = containerEnvironment();
        for (String key : PORT_KEYS) {
            Optional.ofNullable(env.get(ConfigLoader.envName(key))).ifPresent(value ->
                    assertThat(value).as("%s must stay the default the ports and probes assume", ConfigLoader.envName(key))
                            .isEqualTo(String.valueOf(defaults.get(key))));
        }
        List<JsonNode> services = ofKind(manifests(), "Service");
        assertThat(services).as("a Service").isNotEmpty();
        Set<Integer> exposed = new TreeSet<>();
        for (JsonNode service : services) {
            for (JsonNode port : service.path("spec").path("ports")) {
                int target = resolve(port.has("targetPort") ? port.path("targetPort") : port.path("port"), named);
                assertThat(target).as("Service port %s targets a port the service listens on", port).isIn(defaults.values());
                assertThat(port.path("port").asInt()).as("Service port %s keeps the service's number", port).isEqualTo(target);
                exposed.add(target);
            }
        }
        assertThat(exposed).as("the Service exposes HTTP, MQTT (endpoint mode) and management").containsAll(defaults.values());
        JsonNode annotations = deployment().path("spec").path("template").path("metadata").path("annotations");
        if (annotations.has("prometheus.io/port")) {
            assertThat(annotations.path("prometheus.io/port").asText()).as("prometheus.io/port")
                    .isEqualTo(String.valueOf(defaults.get("management.port")));
        }
    }

    static Map<String, Integer> namedPorts() throws IOException {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (JsonNode port : container().path("ports")) {
            named.put(port.path("name").asText(), port.path("containerPort").asInt());
        }
        return named;
    }

    static int resolve(JsonNode port, Map<String, Integer> named) {
        if (port.isInt()) {
            return port.asInt();
        }
        Integer number = named.get(port.asText());
        assertThat(number).as("port name %s is one of the container's %s", port.asText(), named.keySet()).isNotNull();
        return number;
    }

    @Test
    void probesAskLivenessAndReadinessOnTheManagementPort() throws IOException {
        JsonNode container = container();
        Map<String, Integer> named = namedPorts();
        int management = defaultPort("management.port");
        Map<String, String> expected = Map.of("livenessProbe", "/health/live", "readinessProbe", "/health/ready");
        for (Map.Entry<String, String> probe : expected.entrySet()) {
            JsonNode httpGet = container.path(probe.getKey()).path("httpGet");
            assertThat(httpGet.isObject()).as("%s is an httpGet probe", probe.getKey()).isTrue();
            assertThat(httpGet.path("path").asText()).as("%s path", probe.getKey()).isEqualTo(probe.getValue());
            assertThat(resolve(httpGet.path("port"), named)).as("%s port", probe.getKey()).isEqualTo(management);
        }
        JsonNode startup = container.path("startupProbe");
        if (!startup.isMissingNode()) {
            JsonNode httpGet = startup.path("httpGet");
            assertThat(httpGet.path("path").asText()).as("startupProbe path").isIn("/health/live", "/health/ready");
            assertThat(resolve(httpGet.path("port"), named)).as("startupProbe port").isEqualTo(management);
        }
    }

    @Test
    void theContainerHasResourceRequestsAndLimits() throws IOException {
        JsonNode resources = container().path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(resources.path(kind).path(resource).asText()).as("resources.%s.%s", kind, resource).isNotEmpty();
            }
        }
    }

    /**
     * The service has no setting for its token-signing key: {@link SigningKey} reads it from the data directory
     * (and creates it there when missing). The Secret holding it must be mounted where that is.
     */
    @Test
    void theSigningKeySecretIsMountedWhereSigningKeyReadsIt(@TempDir Path dataDir) throws IOException {
        SigningKey.loadOrCreate(dataDir);
        Path keyFile;
        try (Stream<Path> files = Files.walk(dataDir)) {
            keyFile = dataDir.relativize(files.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
        String dataDirInPod = containerEnvironment().get(ConfigLoader.envName("dataDir"));
        assertThat(dataDirInPod).as("WM_DATA_DIR is set to an absolute path (the key's place depends on it)").startsWith("/");
        String expected = Path.of(dataDirInPod).resolve(keyFile).toString();

        JsonNode podSpec = deployment().path("spec").path("template").path("spec");
        List<String> mounted = new ArrayList<>();
        for (JsonNode volume : podSpec.path("volumes")) {
            if (!volume.has("secret")) {
                continue;
            }
            String secretName = volume.path("secret").path("secretName").asText();
            List<String> keys = new ArrayList<>();
            generator(secretName).ifPresent(g -> g.path("files").forEach(f -> {
                String spec = f.asText();
                keys.add(spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : Path.of(spec).getFileName().toString());
            }));
            Map<String, String> paths = new LinkedHashMap<>();
            if (volume.path("secret").has("items")) {
                volume.path("secret").path("items").forEach(i -> paths.put(i.path("key").asText(), i.path("path").asText()));
            } else {
                keys.forEach(k -> paths.put(k, k));
            }
            for (JsonNode mount : container().path("volumeMounts")) {
                if (!mount.path("name").asText().equals(volume.path("name").asText())) {
                    continue;
                }
                String subPath = mount.path("subPath").asText("");
                paths.forEach((key, path) -> {
                    if (subPath.isEmpty()) {
                        mounted.add(Path.of(mount.path("mountPath").asText()).resolve(path).toString());
                    } else if (subPath.equals(path)) {
                        mounted.add(mount.path("mountPath").asText());
                    }
                });
            }
        }
        assertThat(mounted).as("a Secret's key is mounted at %s (the data directory's %s)", expected, keyFile).contains(expected);
    }

    @Test
    void nothingSecretIsCommittedUnderDeploy() throws IOException {
        assertThat(ofKind(manifests(), "Secret")).as("Secrets are generated from files made per installation, not committed")
                .isEmpty();
        List<String> ignored = Files.readAllLines(K8S.resolve(".gitignore"));
        for (JsonNode generator : kustomization().path("secretGenerator")) {
            for (String field : List.of("envs", "files")) {
                for (JsonNode entry : generator.path(field)) {
                    String spec = entry.asText();
                    String file = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
                    assertThat(ignored).as("deploy/k8s/.gitignore keeps %s out of git", file).contains(file);
                }
            }
        }
        assertThat(Files.readAllLines(DEPLOY.resolve(".gitignore"))).as("deploy/.gitignore keeps compose's .env out of git")
                .contains(".env");
    }
}
