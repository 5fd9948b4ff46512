package io.workshopmonitor.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.live.LiveFiguresIntegrationTestSupport;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Every PromQL expression shipped in {@code grafana/} (dashboard panels, template variables, alert rules) runs on a
 * real Prometheus scraping the running service, and names only metrics the service itself exports.
 */
class PrometheusQueriesIT {

    private static final String PRISON = "MDI";
    private static final String WORKSHOP = "print-2";
    private static final String STATION = "press-1";
    private static final String CONTRACT = "c-ops-1";
    private static final String JOB = "workshop-monitor";

    /** What the Grafana variables stand for in the test: the test's own workshop, and Grafana's interval macros. */
    private static final Map<String, String> VARIABLES = Map.of(
            "prison", PRISON, "workshop", WORKSHOP, "station", STATION, "contract", CONTRACT,
            "__rate_interval", "1m", "__range", "1h", "__interval", "15s");

    @TempDir
    Path dir;

    private Process prometheus;

    @AfterEach
    void stopPrometheus() {
        stop(prometheus);
    }

    @Test
    void everyDashboardAndAlertQueryRunsOnPrometheusAndUsesOnlyMetricsTheServiceExports() throws Exception {
        Path grafana = projectRoot().resolve("grafana");
        String prometheusBinary = onPath("prometheus");
        List<Expression> expressions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        expressions.addAll(dashboardExpressions(grafana.resolve("dashboards"), problems));
        expressions.addAll(ruleExpressions(grafana.resolve("prometheus/alerts.yml")));
        assertThat(expressions.stream().map(Expression::file).distinct())
                .as("the three dashboards and the alert rules are read")
                .contains("estate-overview.json", "workshop-detail.json", "service-health.json", "alerts.yml");

        Instant now = Instant.now();
        Files.createDirectories(dir.resolve("service"));
        try (RunningService service = RunningService.start(RunningService.env(dir.resolve("service"),
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            produceEverySeries(service, now);

            int port = Ports.free();
            prometheus = startPrometheus(prometheusBinary, service.env().get("WM_MANAGEMENT_PORT"), port,
                    grafana.resolve("prometheus/alerts.yml"));
            Http api = new Http("http://127.0.0.1:" + port);
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !prometheus.isAlive()
                                || scalar(api, "count_over_time(up{job=\"" + JOB + "\"}[1m])").orElse(0.0) >= 3
                                && scalar(api, "up{job=\"" + JOB + "\"}").orElse(0.0) == 1);
            } catch (ConditionTimeoutException e) {
                fail("Prometheus did not scrape the service's /metrics three times within 90 s; its log:%n%s",
                        prometheusLog());
            }
            assertThat(prometheus.isAlive()).as("Prometheus is running; its log:%n%s", prometheusLog()).isTrue();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rules(api).stream().noneMatch(rule -> "unknown".equals(rule.getString("health"))));

            List<JsonObject> loaded = rules(api);
            assertThat(loaded.stream().map(rule -> rule.getString("name")))
                    .as("Prometheus loaded every rule of alerts.yml")
                    .containsExactlyInAnyOrderElementsOf(expressions.stream()
                            .filter(e -> e.file().equals("alerts.yml")).map(Expression::where).toList());
            for (JsonObject rule : loaded) {
                if ("err".equals(rule.getString("health"))) {
                    problems.add("alerts.yml › " + rule.getString("name") + ": Prometheus fails to evaluate it: "
                            + rule.getString("lastError"));
                }
            }

            Set<String> exported = exportedNames(service.management.get("/metrics").body());
            for (Expression expression : expressions) {
                List<String> unknown = new ArrayList<>();
                String query = substitute(expression.expr(), unknown);
                if (!unknown.isEmpty()) {
                    problems.add(expression + "\n    → no test value for variable(s) " + unknown
                            + " outside a regex matcher (add it to VARIABLES)");
                }
                JsonObject answer = new JsonObject(api.get("/api/v1/query?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8)).body());
                if (!"success".equals(answer.getString("status"))) {
                    problems.add(expression + "\n    → Prometheus: " + answer.getString("errorType") + ": "
                            + answer.getString("error") + "\n    (as run: " + query + ")");
                }
                for (String name : MetricNames.in(expression.expr())) {
                    if (!isExported(name, exported)) {
                        problems.add(expression + "\n    → " + name + " is not in the service's /metrics");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) with the PromQL in grafana/:\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void alertRulesPassPromtoolsCheck() throws Exception {
        Path rules = projectRoot().resolve("grafana/prometheus/alerts.yml");
        Process promtool = new ProcessBuilder(onPath("promtool"), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(promtool.exitValue()).as("promtool check rules %s said:%n%s", rules, output).isZero();
    }

    @Test
    void metricNamesOfAnExpressionAreItsSelectorsWithoutFunctionsLabelsOrDurations() {
        assertThat(MetricNames.in("sum by (workshop) (rate(workshop_units_good_total{prison=\"$prison\"}[$__rate_interval]))"))
                .containsExactly("workshop_units_good_total");
        assertThat(MetricNames.in("max by (prison, workshop) (workshop_alerts_open{kind=\"TARGET_BEHIND\"}) == bool 0"))
                .containsExactly("workshop_alerts_open");
        assertThat(MetricNames.in("sum without (station) (increase(a_total[1h] offset 10m)) / on (prison) group_left (name)"
                + " b_info * 3600 > 1e3 and c_ratio >= 0.5 or vector(0)"))
                .containsExactly("a_total", "b_info", "c_ratio");
        assertThat(MetricNames.in("max(system_load_average_1m) / max(system_cpu_count{instance=~\"x\"})"
                + " unless label_replace(up, \"dst\", \"$1\", \"instance\", \"(rate.*)\")"))
                .containsExactly("system_load_average_1m", "system_cpu_count", "up");
        assertThat(MetricNames.in("max_over_time(ingest_pending_readings[10m:1m]) > Inf")).containsExactly("ingest_pending_readings");
    }

    // ---------------------------------------------------------------- the service, with every series there

    /** A workshop, a contract, readings of every kind, one malformed message and a few API calls. */
    private static void produceEverySeries(RunningService service, Instant now) {
        Http.Response workshop = service.http.put("/api/v1/workshops/" + PRISON + "/" + WORKSHOP,
                LiveFiguresIntegrationTestSupport.workshop(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS)));
        assertThat(workshop.status() / 100).as("workshop configured: %s", workshop).isEqualTo(2);
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Http.Response contract = service.http.put("/api/v1/contracts/" + CONTRACT, new JsonObject()
                .put("workshop", PRISON + "/" + WORKSHOP).put("customer", "Acme Cards").put("product", "GC-A6")
                .put("quantity", 1000).put("start", today.minusDays(1).toString())
                .put("due", today.plusDays(30).toString()).encode());
        assertThat(contract.status() / 100).as("contract configured: %s", contract).isEqualTo(2);

        MqttClient device = Devices.connect(service.mqttUri(), "ops-gw");
        try {
            String prefix = "industries/" + PRISON + "/" + WORKSHOP + "/";
            Devices.publish(device, prefix + STATION + "/counter", "{\"ts\": oops", 0);
            Devices.publish(device, prefix + STATION + "/state",
                    "{\"ts\":\"" + now.minusSeconds(400) + "\",\"state\":\"RUNNING\",\"reason\":null}", 1);
            String counter = prefix + STATION + "/counter";
            Devices.publish(device, counter, counterWithProduct(now.minusSeconds(300), 1, 100, 0), 1);
            Devices.publish(device, counter, counterWithProduct(now.minusSeconds(200), 2, 290, 2), 1);
            Devices.publish(device, counter, counterWithProduct(now.minusSeconds(100), 3, 300, 3), 1);
            Devices.publish(device, prefix + "attendance", "{\"ts\":\"" + now.minusSeconds(60) + "\",\"present\":11}", 1);
        } finally {
            Devices.closeQuietly(device);
        }
        service.http.get("/api/v1/workshops");
        service.http.get("/api/v1/workshops/" + PRISON + "/" + WORKSHOP + "/kpis");
        service.http.get("/api/v1/contracts/" + CONTRACT);
        service.http.get("/api/v1/workshops/" + PRISON + "/no-such-workshop");

        String labels = "{prison=\"" + PRISON + "\",workshop=\"" + WORKSHOP + "\"}";
        // the minutes lost (every 15 s) and the month's money (every minute, first after 3 s) are read from the store
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String scrape = service.management.get("/metrics").body();
            return Devices.metric(scrape, "workshop_attendance" + labels) == 11
                    && scrape.contains("workshop_planned_minutes" + labels)
                    && scrape.contains("workshop_month_cost" + labels)
                    && Devices.metric(scrape, "ingest_messages_total{outcome=\"rejected\",reason=\"malformed_json\"}") >= 1;
        });
    }

    private static String counterWithProduct(Instant ts, long seq, long good, long reject) {
        return "{\"ts\":\"" + ts + "\",\"seq\":" + seq + ",\"good\":" + good + ",\"reject\":" + reject
                + ",\"product\":\"GC-A6\"}";
    }

    /** Metric family and sample names in a Prometheus text exposition. */
    static Set<String> exportedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    static boolean isExported(String name, Set<String> exported) {
        if (name.equals("up") || exported.contains(name)) {
            return true;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
            if (name.endsWith(suffix) && exported.contains(name.substring(0, name.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Prometheus

    private Process startPrometheus(String binary, String managementPort, int port, Path rules) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    static_configs:
                      - targets: ['localhost:%s']
                """.formatted(rules.toAbsolutePath(), JOB, managementPort));
        return new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private String prometheusLog() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The value of a query's first sample, if it has one; none while Prometheus is not answering yet. */
    private static Optional<Double> scalar(Http api, String query) {
        JsonObject answer;
        try {
            answer = new JsonObject(api.get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body());
        } catch (RuntimeException notReady) {
            return Optional.empty();
        }
        JsonArray result = answer.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
        if (result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)));
    }

    private static List<JsonObject> rules(Http api) {
        List<JsonObject> rules = new ArrayList<>();
        JsonArray groups = new JsonObject(api.get("/api/v1/rules").body()).getJsonObject("data").getJsonArray("groups");
        for (int g = 0; g < groups.size(); g++) {
            JsonArray list = groups.getJsonObject(g).getJsonArray("rules");
            for (int r = 0; r < list.size(); r++) {
                rules.add(list.getJsonObject(r));
            }
        }
        return rules;
    }

    private static String onPath(String command) {
        return io.workshopmonitor.support.Tools.require(command, "Debian package prometheus").toString();
    }

    private static Path projectRoot() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("grafana/dashboards")) && Files.exists(at.resolve("pom.xml"))) {
                return at;
            }
        }
        return fail("cannot find the project's grafana/ directory from " + Path.of("").toAbsolutePath());
    }

    // ---------------------------------------------------------------- the expressions in grafana/

    record Expression(String file, String where, String expr) {
        @Override
        public String toString() {
            return file + " › " + where + ":\n    " + expr.replaceAll("\\s+", " ").trim();
        }
    }

    /** Every target expr of every panel (rows' nested panels included) and every query variable of each dashboard. */
    static List<Expression> dashboardExpressions(Path dashboards, List<String> problems) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Expression> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dashboards)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            JsonNode dashboard = json.readTree(file.toFile());
            if (dashboard.path("uid").asText().isBlank()) {
                problems.add(name + ": the dashboard has no uid");
            }
            panelExpressions(name, dashboard.path("panels"), "", found, problems);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asText())) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                Matcher labelValues = Pattern.compile("(?s)^\\s*label_values\\((.+),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$").matcher(text);
                Matcher queryResult = Pattern.compile("(?s)^\\s*query_result\\((.+)\\)\\s*$").matcher(text);
                String where = "variable $" + variable.path("name").asText();
                if (labelValues.matches()) {
                    found.add(new Expression(name, where, labelValues.group(1)));
                } else if (queryResult.matches()) {
                    found.add(new Expression(name, where, queryResult.group(1)));
                }
            }
        }
        return found;
    }

    private static void panelExpressions(String file, JsonNode panels, String inRow, List<Expression> found,
                                         List<String> problems) {
        for (JsonNode panel : panels) {
            String title = inRow + "panel \"" + panel.path("title").asText() + "\"";
            if (panel.has("panels")) {
                panelExpressions(file, panel.path("panels"), "row \"" + panel.path("title").asText() + "\" › ",
                        found, problems);
            }
            for (JsonNode target : panel.path("targets")) {
                String uid = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
                if (!"prometheus".equals(uid)) {
                    problems.add(file + " › " + title + ": data source uid is \"" + uid + "\", not the provisioned \"prometheus\"");
                }
                if (target.hasNonNull("expr") && !target.path("expr").asText().isBlank()) {
                    found.add(new Expression(file, title + " (" + target.path("refId").asText() + ")",
                            target.path("expr").asText()));
                }
            }
        }
    }

    /** Every rule expr of alerts.yml, named by its alert (or record). */
    static List<Expression> ruleExpressions(Path alerts) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(alerts.toFile());
        List<Expression> found = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.hasNonNull("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                found.add(new Expression(alerts.getFileName().toString(), name, rule.path("expr").asText()));
            }
        }
        return found;
    }

    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    /**
     * The expression with Grafana's variables replaced: the test workshop's prison, workshop, station, the interval
     * macros, and {@code .*} for any other variable inside a regex matcher. Variables with no value are listed in unknown.
     */
    static String substitute(String expr, List<String> unknown) {
        Matcher matcher = MATCHER.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean regex = matcher.group(2).contains("~");
            String value = replaceVariables(matcher.group(3), regex, unknown);
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    matcher.group(1) + matcher.group(2) + "\"" + value + "\""));
        }
        matcher.appendTail(out);
        return replaceVariables(out.toString(), false, unknown);
    }

    private static String replaceVariables(String text, boolean inRegex, List<String> unknown) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String name = Stream.of(variable.group(1), variable.group(2), variable.group(3))
                    .filter(g -> g != null).findFirst().orElseThrow();
            String value = VARIABLES.get(name);
            if (value == null) {
                if (inRegex) {
                    value = ".*";
                } else {
                    unknown.add("$" + name);
                    value = "";
                }
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variable.appendTail(out);
        return out.toString();
    }

    /** The metric names a PromQL expression selects: what is left once strings, labels, clauses, durations, numbers, functions and keywords are gone. */
    static final class MetricNames {
        private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
        private static final Pattern BRACES = Pattern.compile("\\{[^{}]*}");
        private static final Pattern CLAUSES = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
        private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
        private static final Pattern NUMBERS = Pattern.compile("(?<![\\w:])\\.?\\d(?:[\\w.]|(?<=[eE])[+-])*");
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][\\w:]*");
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
                "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group",
                "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

        private MetricNames() {
        }

        static Set<String> in(String expr) {
            String rest = STRINGS.matcher(expr).replaceAll(" ");
            rest = BRACES.matcher(rest).replaceAll(" ");
            rest = CLAUSES.matcher(rest).replaceAll(" ");
            rest = BRACKETS.matcher(rest).replaceAll(" ");
            rest = NUMBERS.matcher(rest).replaceAll(" ");
            Set<String> names = new LinkedHashSet<>();
            Matcher identifier = IDENTIFIER.matcher(rest);
            while (identifier.find()) {
                String name = identifier.group();
                int next = identifier.end();
                while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
                    next++;
                }
                boolean call = next < rest.length() && rest.charAt(next) == '(';
                if (!call && !KEYWORDS.contains(name.toLowerCase())) {
                    names.add(name);
                }
            }
            return names;
        }
    }
}
