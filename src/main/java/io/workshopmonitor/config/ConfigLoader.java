package io.workshopmonitor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the built-in defaults, then {@code config/application.yaml} (or {@code WM_CONFIG}), then
 * {@code WM_*} environment variables, and validates the result once. Every key must be known, so a
 * misspelt key fails at start-up instead of being silently ignored.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "/config/application.yaml";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private final Map<String, String> env;
    private final ObjectNode tree;

    private ConfigLoader(Map<String, String> env, ObjectNode tree) {
        this.env = env;
        this.tree = tree;
    }

    public static AppConfig load(Map<String, String> env) {
        ObjectNode defaults = readDefaults();
        Optional<Path> file = Optional.ofNullable(env.get("WM_CONFIG")).map(Path::of)
                .or(() -> Optional.of(Path.of("config", "application.yaml")).filter(Files::isRegularFile));
        file.ifPresent(path -> merge(defaults, readFile(path), ""));
        refuseUnknownVariables(env);
        checkLogging(env);
        return new ConfigLoader(env, defaults).bind();
    }

    /** Variables the service reads that are not configuration keys; Logback reads the two WM_LOG_ ones. */
    private static final List<String> OTHER_VARIABLES = List.of("WM_CONFIG", "WM_LOG_FORMAT", "WM_LOG_LEVEL");
    /** Read by the project's tests and benchmarks, never by the service: tolerated, so a shell that has them starts it. */
    private static final List<String> TOLERATED = List.of("WM_TEST_DATABASE_URL", "WM_TOKEN");

    /** Every environment variable the service reads: one a key, and {@code WM_CONFIG}, {@code WM_LOG_*}. */
    public static java.util.Set<String> variables() {
        java.util.Set<String> names = new java.util.TreeSet<>(keys().stream().map(ConfigLoader::envName).toList());
        names.addAll(OTHER_VARIABLES);
        return names;
    }

    /**
     * A misspelt variable ({@code WM_HTTP_PROT}) would otherwise be ignored and the default used without a word:
     * every {@code WM_*} variable must name a key, and the message names the nearest one.
     */
    private static void refuseUnknownVariables(Map<String, String> env) {
        List<String> known = new ArrayList<>(variables());
        List<String> unknown = env.keySet().stream()
                .filter(name -> name.startsWith("WM_") && !known.contains(name) && !TOLERATED.contains(name))
                .sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        String name = unknown.get(0);
        String nearest = known.stream().min(java.util.Comparator.comparingInt(k -> distance(k, name))).orElseThrow();
        throw new ConfigException(name + ": unknown variable; did you mean " + nearest + "?"
                + (unknown.size() > 1 ? " (also unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : "")
                + " Every WM_* variable must name a key of config/application.yaml.");
    }

    /** Logback read these already and would log nothing for an unknown format; say so instead. */
    private static void checkLogging(Map<String, String> env) {
        String format = env.getOrDefault("WM_LOG_FORMAT", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("WM_LOG_FORMAT: \"" + format + "\" must be text or json");
        }
        String level = env.getOrDefault("WM_LOG_LEVEL", "INFO").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(level)) {
            throw new ConfigException("WM_LOG_LEVEL: \"" + env.get("WM_LOG_LEVEL") + "\" must be one of TRACE, DEBUG, INFO, WARN, ERROR or OFF");
        }
    }

    /** Edit distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * A listener that could not bind: the message names the key and the port, so whoever reads it knows what to
     * change without a stack trace.
     */
    public static ConfigException cannotListen(String key, int port, Throwable cause) {
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return new ConfigException(envName(key) + " (" + key + "): cannot listen on port " + port + ": " + why
                + (why.toLowerCase(java.util.Locale.ROOT).contains("in use") ? "; another process holds it, choose a free port" : ""));
    }

    /**
     * /metrics and readiness say what the service runs and holds: reachable from other hosts only behind a token.
     */
    private AppConfig.ManagementConfig management() {
        String host = nonEmpty("management.host");
        Optional<String> token = optional("management.token");
        if (token.isEmpty() && !loopback(host)) {
            throw new ConfigException(envName("management.host") + " (management.host) is " + host
                    + ", reachable from other hosts, and management.token is empty: set " + envName("management.token")
                    + " (Prometheus sends it as a bearer token), or keep management.host at 127.0.0.1");
        }
        return new AppConfig.ManagementConfig(host, port("management.port"), token);
    }

    private static boolean loopback(String host) {
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException(envName("management.host") + " (management.host): no such host '" + host + "'");
        }
    }

    private AppConfig bind() {
        return new AppConfig(
                Path.of(string("dataDir")).toAbsolutePath().normalize(),
                new AppConfig.HttpConfig(port("http.port"), intIn("http.maxBodyBytes", 1024, 16 * 1024 * 1024),
                        optional("http.webDir").map(dir -> directory("http.webDir", dir)),
                        intIn("http.rateLimitPerMinute", 1, 1_000_000), origins("http.allowedOrigins")),
                management(),
                new AppConfig.DatabaseConfig(optional("database.url").map(url -> checkDatabaseUrl("database.url", url)),
                        intIn("database.embeddedPort", 0, 65535),
                        intIn("database.poolSize", 1, 100), intIn("database.maxWaitQueue", 1, 100_000)),
                new AppConfig.MqttConfig(topicPrefix(), string("mqtt.host"), port("mqtt.port"),
                        optional("mqtt.brokerUrl").map(url -> brokerAddress("mqtt.brokerUrl", url)),
                        nonEmpty("mqtt.clientId"), optional("mqtt.sharedGroup").map(g -> slug("mqtt.sharedGroup", g)),
                        optional("mqtt.username"), optional("mqtt.password"),
                        intIn("mqtt.reconnectMaxSeconds", 1, 3600), intIn("mqtt.maxPayloadBytes", 64, 1024 * 1024),
                        bool("mqtt.allowAnonymous"), port("mqtt.tlsPort"), intIn("mqtt.maxInFlight", 1, 65_535)),
                new AppConfig.IngestConfig(bool("ingest.autoRegister"),
                        intIn("ingest.maxStationsPerWorkshop", 1, 10_000), intIn("ingest.batchMaxSize", 1, 10_000),
                        intIn("ingest.batchMaxDelayMs", 0, 10_000), intIn("ingest.maxPending", 1, 10_000_000),
                        intIn("ingest.deadLetterLimit", 1, 10_000_000), intIn("ingest.maxFutureSkewSeconds", 0, 86_400)),
                new AppConfig.FiguresConfig(intIn("figures.windowMinutes", 1, 240)),
                new AppConfig.AlertsConfig(intIn("alerts.holdSeconds", 0, 3600), intIn("alerts.evaluateSeconds", 1, 300),
                        intIn("alerts.contractSeconds", 5, 86_400), intIn("alerts.webhookTimeoutSeconds", 1, 120),
                        intIn("alerts.webhookGiveUpHours", 1, 24 * 14), networks("alerts.webhookAllowedNetworks")),
                new AppConfig.AuthConfig(nonEmpty("auth.issuer"), optional("auth.jwksUrl").map(url -> httpUrl("auth.jwksUrl", url))),
                tls(), cluster(), retention(), reports());
    }

    private AppConfig.ReportsConfig reports() {
        String currency = nonEmpty("reports.currency");
        try {
            java.util.Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw bad("reports.currency", currency, "must be an ISO 4217 currency code such as GBP");
        }
        java.time.LocalTime sendAt;
        try {
            sendAt = java.time.LocalTime.parse(nonEmpty("reports.sendAt"));
        } catch (java.time.format.DateTimeParseException e) {
            throw bad("reports.sendAt", raw("reports.sendAt"), "must be a time of day such as 07:00");
        }
        Optional<AppConfig.MailConfig> mail = optional("reports.mail.host").map(host -> {
            AppConfig.MailConfig.Security security;
            try {
                security = AppConfig.MailConfig.Security.valueOf(nonEmpty("reports.mail.security").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad("reports.mail.security", raw("reports.mail.security"), "must be NONE, STARTTLS or TLS");
            }
            String from = nonEmpty("reports.mail.from");
            if (!from.matches("[^@\\s]+@[^@\\s]+")) {
                throw bad("reports.mail.from", from, "must be an e-mail address");
            }
            if (optional("reports.mail.username").isPresent() && security == AppConfig.MailConfig.Security.NONE
                    && !host.equals("localhost") && !host.equals("127.0.0.1")) {
                throw bad("reports.mail.security", raw("reports.mail.security"),
                        "must be STARTTLS or TLS when credentials are sent to another host");
            }
            return new AppConfig.MailConfig(host, port("reports.mail.port"), security, optional("reports.mail.username"),
                    optional("reports.mail.password"), from);
        });
        return new AppConfig.ReportsConfig(currency.toUpperCase(java.util.Locale.ROOT), mail, sendAt);
    }

    private AppConfig.RetentionConfig retention() {
        int readings = daysOrForever("retention.readingsDays", 7);
        int minutes = daysOrForever("retention.minutesDays", 31);
        if (minutes != 0 && (readings == 0 || readings > minutes)) {
            throw bad("retention.minutesDays", raw("retention.minutesDays"), "must be 0 (for ever) or at least"
                    + " retention.readingsDays: history and contracts are read from the roll-ups, which must outlive the readings");
        }
        return new AppConfig.RetentionConfig(readings, minutes, daysOrForever("retention.deadLettersDays", 1),
                daysOrForever("retention.webhookDeliveriesDays", 1), daysOrForever("retention.auditDays", 31));
    }

    /** 0 (for ever) or a number of days from {@code min} to a hundred years. */
    private int daysOrForever(String key, int min) {
        int days = intIn(key, 0, 36_525);
        if (days != 0 && days < min) {
            throw bad(key, raw(key), "must be 0 (keep for ever) or at least " + min + " days");
        }
        return days;
    }

    private List<io.workshopmonitor.domain.WebhookTargets.Network> networks(String key) {
        List<io.workshopmonitor.domain.WebhookTargets.Network> networks = new ArrayList<>();
        for (String cidr : raw(key).split(",")) {
            if (cidr.isBlank()) {
                continue;
            }
            try {
                networks.add(io.workshopmonitor.domain.WebhookTargets.Network.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw bad(key, raw(key), "must be network ranges separated by commas, like 10.20.0.0/16,fd00::/8 ("
                        + e.getMessage() + ")");
            }
        }
        return List.copyOf(networks);
    }

    private AppConfig.ClusterConfig cluster() {
        Optional<AppConfig.KafkaConfig> kafka = optional("kafka.bootstrapServers").map(servers -> new AppConfig.KafkaConfig(
                bootstrapServers(servers), intIn("kafka.partitions", 1, 10_000),
                (short) intIn("kafka.replicationFactor", 1, 16), intIn("kafka.sessionTimeoutMs", 2_000, 600_000)));
        if (kafka.isPresent() && optional("database.url").isEmpty()) {
            throw bad("database.url", "", "must name the PostgreSQL the cluster shares when kafka.bootstrapServers is set"
                    + " (each instance's embedded one would split the data)");
        }
        String instanceId = optional("cluster.instanceId").orElseGet(ConfigLoader::hostName);
        return new AppConfig.ClusterConfig(slug("cluster.name", nonEmpty("cluster.name")),
                slugOrHost("cluster.instanceId", instanceId), kafka);
    }

    private String bootstrapServers(String value) {
        for (String server : value.split(",")) {
            String[] hostPort = server.trim().split(":");
            boolean ok = hostPort.length == 2 && !hostPort[0].isEmpty();
            try {
                ok = ok && Integer.parseInt(hostPort[1]) >= 1 && Integer.parseInt(hostPort[1]) <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
            if (!ok) {
                throw bad("kafka.bootstrapServers", value, "must be host:port pairs separated by commas, like kafka-1:9092,kafka-2:9092");
            }
        }
        return value;
    }

    private String slugOrHost(String key, String value) {
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw bad(key, value, "must be letters, digits, '.', '_' or '-' (a host name will do)");
        }
        return value;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "instance-" + ProcessHandle.current().pid();
        }
    }

    /** {@code mqtt.brokerUrl} becomes {@code WM_MQTT_BROKER_URL}. */
    public static String envName(String key) {
        return "WM_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
    }

    private String raw(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) {
            return fromEnv.trim();
        }
        JsonNode node = tree;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isContainerNode()) {
            throw bad(key, node.toString(), "must be a single value");
        }
        return node.asText().trim();
    }

    private String string(String key) {
        return raw(key);
    }

    private String nonEmpty(String key) {
        String value = raw(key);
        if (value.isEmpty()) {
            throw bad(key, value, "must not be empty");
        }
        return value;
    }

    private Optional<String> optional(String key) {
        return Optional.of(raw(key)).filter(v -> !v.isEmpty());
    }

    private int port(String key) {
        String value = raw(key);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw bad(key, value, "is not a port number (1–65535)");
    }

    private int intIn(String key, int min, int max) {
        String value = raw(key);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw bad(key, value, "must be a whole number from " + min + " to " + max);
    }

    private boolean bool(String key) {
        String value = raw(key);
        return switch (value.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, value, "must be true or false");
        };
    }

    private String topicPrefix() {
        String value = raw("mqtt.topicPrefix");
        if (!TOPIC_PREFIX.matcher(value).matches()) {
            throw bad("mqtt.topicPrefix", value, "must be topic levels of letters, digits, '-' or '_' without wildcards");
        }
        return value;
    }

    private String slug(String key, String value) {
        if (!SLUG.matcher(value).matches()) {
            throw bad(key, value, "must be lower-case letters, digits and '-'");
        }
        return value;
    }

    /** Comma-separated origins such as https://industries.example:8443. */
    private List<String> origins(String key) {
        List<String> origins = new ArrayList<>();
        for (String origin : raw(key).split(",")) {
            String trimmed = origin.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                URI uri = URI.create(trimmed);
                if (uri.getScheme() != null && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())) {
                    origins.add(trimmed);
                    continue;
                }
            } catch (IllegalArgumentException e) {
                // reported below with the key
            }
            throw bad(key, trimmed, "must be origins like https://industries.example:8443, separated by commas");
        }
        return List.copyOf(origins);
    }

    private AppConfig.TlsConfig tls() {
        Optional<Path> cert = optional("tls.certPath").map(p -> file("tls.certPath", p));
        Optional<Path> key = optional("tls.keyPath").map(p -> file("tls.keyPath", p));
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? "tls.keyPath" : "tls.certPath";
            throw bad(missing, "", "is needed too: TLS takes a certificate and its private key (PEM files)");
        }
        return new AppConfig.TlsConfig(cert, key);
    }

    private Path file(String key, String value) {
        return path(key, value, Files::isReadable, "must be a readable PEM file");
    }

    private String httpUrl(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the key
        }
        throw bad(key, value, "must be a URL like https://sign-in.example/auth/.well-known/jwks.json");
    }

    private Path directory(String key, String value) {
        return path(key, value, Files::isDirectory, "must be an existing directory");
    }

    private Path path(String key, String value, java.util.function.Predicate<Path> usable, String why) {
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!usable.test(path)) {
            throw bad(key, value, why);
        }
        return path;
    }

    private String checkDatabaseUrl(String key, String value) {
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw bad(key, "<hidden>", "must be a URL like postgresql://user:password@host:5432/database");
        }
        return value;
    }

    private AppConfig.BrokerAddress brokerAddress(String key, String value) {
        Optional<Path> ca = optional("mqtt.brokerCaPath").map(p -> file("mqtt.brokerCaPath", p));
        String protocol = nonEmpty("mqtt.brokerProtocol");
        if (!protocol.equals("3.1.1") && !protocol.equals("5")) {
            throw bad("mqtt.brokerProtocol", protocol, "must be 3.1.1 or 5");
        }
        boolean mqtt5 = protocol.equals("5");
        try {
            URI uri = URI.create(value);
            if (("tcp".equals(uri.getScheme()) || "mqtt".equals(uri.getScheme())) && uri.getHost() != null) {
                if (ca.isPresent()) {
                    throw bad("mqtt.brokerCaPath", ca.get().toString(), "is for a broker reached over TLS: mqtt.brokerUrl must be mqtts://");
                }
                return new AppConfig.BrokerAddress(uri.getHost(), uri.getPort() == -1 ? 1883 : uri.getPort(), false,
                        Optional.empty(), mqtt5);
            }
            if (("mqtts".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) && uri.getHost() != null) {
                return new AppConfig.BrokerAddress(uri.getHost(), uri.getPort() == -1 ? 8883 : uri.getPort(), true, ca, mqtt5);
            }
        } catch (IllegalArgumentException e) {
            // reported below with the key
        }
        throw bad(key, value, "must be a URL like tcp://broker.example:1883, or mqtts://broker.example:8883 for TLS");
    }

    private static ConfigException bad(String key, String value, String why) {
        return new ConfigException(envName(key) + " (" + key + "): \"" + value + "\" " + why);
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("built-in " + DEFAULTS + " is missing from the classpath");
            }
            return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in " + DEFAULTS, e);
        }
    }

    private static JsonNode readFile(Path path) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
            if (node != null && !node.isNull() && !node.isObject()) {
                throw new ConfigException("WM_CONFIG (" + path + "): the file must hold a YAML mapping of keys");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException("WM_CONFIG (" + path + "): cannot read it as YAML: " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    /** Overlays {@code overlay} on {@code base}, refusing keys the defaults do not have. */
    private static void merge(ObjectNode base, JsonNode overlay, String path) {
        if (overlay == null || overlay.isNull()) {
            return;
        }
        List<String> names = new ArrayList<>();
        overlay.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String key = path.isEmpty() ? name : path + "." + name;
            JsonNode existing = base.get(name);
            JsonNode value = overlay.get(name);
            if (existing == null) {
                throw new ConfigException(key + ": unknown configuration key; see config/application.yaml for the keys there are");
            }
            if (existing.isObject()) {
                if (!value.isObject()) {
                    throw new ConfigException(key + ": must be a mapping of keys, as in config/application.yaml");
                }
                merge((ObjectNode) existing, value, key);
            } else {
                base.set(name, value);
            }
        }
    }

    /** All leaf keys, for the README and tests. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        collect(readDefaults(), "", keys);
        return keys;
    }

    private static void collect(JsonNode node, String path, List<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().isObject()) {
                collect(field.getValue(), key, keys);
            } else {
                keys.add(key);
            }
        }
    }
}
