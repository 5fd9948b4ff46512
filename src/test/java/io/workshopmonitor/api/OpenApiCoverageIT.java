package io.workshopmonitor.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.domain.Topic;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API describes itself truthfully: {@code /api/v1/openapi.json} lists exactly the routes the API router has,
 * every documented operation is answered by its own handler with a documented status and shape, and
 * {@code docs/asyncapi.yaml} has a channel for each MQTT topic kind the ingest parses and for the live feed.
 *
 * <p>The router's routes are listed in-process, from the router {@link ApiVerticle#router} builds, the method
 * {@code start()} serves with: building it only mounts handlers, so every service can be absent. Whether the
 * routes answer is asked of the whole service over real sockets.
 */
class OpenApiCoverageIT {

    private static final String BASE = "/api/v1";
    private static final Path ASYNCAPI = Path.of("docs", "asyncapi.yaml");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    /** Writes first, so that the reads and deletes after them find what the documented examples made. */
    private static final List<String> METHOD_ORDER = List.of("put", "post", "get", "delete");

    @TempDir
    static Path dataDir;
    private static RunningService service;
    private static JsonObject document;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.start(RunningService.env(dataDir, Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
        // the workshop every documented example names, so that contracts, closures and devices can be made in it
        service.configureWorkshop("MDI", "textiles-1", "sew-04");
        document = getOverHttp11(BASE + "/openapi.json").json();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void openApiDocumentIsServedToAnyoneAsOpenApi31() throws Exception {
        Http.Response response = getOverHttp11(BASE + "/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonObject served = response.json();
        assertThat(served.getString("openapi")).startsWith("3.1");
        assertThat(served.getJsonObject("paths")).isNotEmpty();
        try (InputStream resource = getClass().getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            assertThat(resource).as("%s on the classpath", OpenApiRoutes.RESOURCE).isNotNull();
            assertThat(served).isEqualTo(new JsonObject(new String(resource.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void dashboardLinksToTheReadableApiPage() {
        Http.Response index = service.http.as(null).get("/");
        Http.Response page = service.http.as(null).get("/api.html");

        assertThat(index.body()).contains("href=\"api.html\"");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("js/api-doc.js");
        assertThat(service.http.as(null).get("/js/api-doc.js").status()).isEqualTo(200);
    }

    @Test
    void everyRouteOfTheApiRouterIsDocumentedAndNothingElse() throws Exception {
        SortedSet<String> routes = routerRoutes();

        assertThat(routes).as("routes the API router has").isNotEmpty().contains("GET /workshops");
        assertThat(documentedOperations()).as("operations in openapi.json, against the routes the router has")
                .containsExactlyElementsOf(routes);
    }

    /**
     * Every documented operation, called as an administrator with its documented examples, must reach its own
     * handler. The rule: the answer is not 405 (the router knows the path but not the method), not 5xx, and not
     * the router's own 404. A 404 is still right when it is the handler's: an operation on something that is
     * not there (an alert id nobody raised) answers 404 by design. The router's 404 is told from a handler's by
     * its {@code detail}: the router's is learnt by asking for a path no route has; a handler's names what it
     * did not find. Besides, each status must be one the operation documents, errors must be problem+json, and
     * a JSON answer must use exactly the documented field names.
     */
    @Test
    void everyDocumentedOperationIsAnsweredByItsOwnHandler() {
        Http.Response unrouted = service.http.get(BASE + "/no-such-route/" + UUID.randomUUID());
        assertThat(unrouted.status()).isEqualTo(404);
        String routersNotFound = unrouted.json().getString("detail");

        List<String> problems = new ArrayList<>();
        for (Operation operation : operations()) {
            if (operation.isWebSocket()) {
                continue; // its upgrade is checked in liveFeedAnswersAWebSocketUpgradeWithDocumentedSnapshots
            }
            Http.Response response = operation.send(service.http);
            String call = operation + " (" + operation.path() + ")";
            int status = response.status();
            if (status == 405 || status >= 500) {
                problems.add(call + " answered " + status + ": " + response.body());
                continue;
            }
            if (status == 404 && response.contentType().startsWith("application/problem+json")
                    && routersNotFound.equals(response.json().getString("detail"))) {
                problems.add(call + " has no route: the router itself answered 404");
                continue;
            }
            if (!operation.documentedStatuses().contains(String.valueOf(status))) {
                problems.add(call + " answered " + status + ", which it does not document: " + response.body());
            }
            if (status >= 400 && !response.contentType().startsWith("application/problem+json")) {
                problems.add(call + " answered " + status + " as " + response.contentType() + ", not application/problem+json");
            }
            JsonObject schema = operation.jsonSchema(status);
            if (status / 100 == 2 && schema != null) {
                if (!response.contentType().startsWith("application/json")) {
                    problems.add(call + " answered " + response.contentType() + ", not application/json");
                } else {
                    conform(schema, decode(response.body()), call, problems);
                }
            }
        }
        assertThat(problems).as("documented operations that do not answer as documented").isEmpty();
    }

    @Test
    void everySignedInOperationRefusesACallerWithoutAToken() {
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations()) {
            if (!operation.needsToken()) {
                continue;
            }
            Http.Response response = operation.send(service.http.as(null));
            if (response.status() != 401 || !response.contentType().startsWith("application/problem+json")
                    || response.header("WWW-Authenticate") == null) {
                problems.add(operation + " without a token answered " + response.status() + " " + response.contentType());
            }
            if (!operation.documentedStatuses().contains("401")) {
                problems.add(operation + " wants a token but does not document 401");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void liveFeedAnswersAWebSocketUpgradeWithDocumentedSnapshots() throws InterruptedException {
        assertThat(operations()).anyMatch(Operation::isWebSocket);
        // the client's constructor completes only on 101 Switching Protocols
        try (FeedClient feed = service.feed()) {
            feed.send("{\"subscribe\": [\"MDI/textiles-1\"]}");
            JsonObject snapshot = feed.next(m -> "snapshot".equals(m.getString("type")), Duration.ofSeconds(10));

            List<String> problems = new ArrayList<>();
            snapshot.remove("type");
            conform(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Kpis"), snapshot,
                    "live-feed snapshot", problems);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void asyncApiDocumentHasAChannelForEveryTopicKindAndTheLiveFeed() throws IOException {
        JsonNode asyncApi = new YAMLMapper().readTree(ASYNCAPI.toFile());
        String prefix = ConfigLoader.load(service.env()).mqtt().topicPrefix();

        assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");
        Set<Topic.Kind> kinds = new HashSet<>();
        JsonNode liveFeed = null;
        for (JsonNode channel : asyncApi.path("channels")) {
            String address = channel.path("address").asText();
            if (address.startsWith(prefix + "/")) {
                // the address, its parameters filled with their examples, is a topic the ingest parses
                kinds.add(Topic.parse(prefix, concrete(asyncApi, channel, address)).kind());
            } else if (address.equals("/live")) {
                liveFeed = channel;
            }
        }
        assertThat(kinds).as("MQTT topic kinds with a channel").containsExactlyInAnyOrder(Topic.Kind.values());
        assertThat(liveFeed).as("the live feed's channel").isNotNull();
        assertThat(fieldNames(liveFeed.path("messages"))).contains("subscribe", "snapshot", "kpi", "alert", "error");
        assertThat(unresolvedReferences(asyncApi)).as("$refs of docs/asyncapi.yaml that lead nowhere").isEmpty();
    }

    /**
     * A GET without a token, over HTTP/1.1. The JDK client's default on http:// is to ask for an h2c upgrade, and
     * it loses a response that comes in the same read as the 101, as this large answer, written at once, can: 3 in
     * 20 fresh clients failed with "Frame type(..) length(..) exceeds MAX_FRAME_SIZE" (curl --http2 fails too).
     */
    private static Http.Response getOverHttp11(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.env().get("WM_HTTP_PORT") + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                response.body(), response.headers());
    }

    /** The routes with a method under /api/v1, as {@code GET /workshops/{prison}/{workshop}}. */
    private static SortedSet<String> routerRoutes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AppConfig config = ConfigLoader.load(service.env());
            ApiVerticle api = new ApiVerticle(config.http(), config.tls(), servicesAbsentBut(ConfigChanges.local(vertx)));
            api.init(vertx, vertx.getOrCreateContext());
            OpenApiRoutes openApi = OpenApiRoutes.load(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Router router = api.router(new RateLimiter(60, Clock.systemUTC()), openApi);
            SortedSet<String> routes = new TreeSet<>();
            for (Route route : router.getRoutes()) {
                String path = route.getPath();
                // routes without a method (token check, body limit, failure handler, the dashboard) are not endpoints
                if (path == null || !path.startsWith(BASE + "/") || route.methods() == null) {
                    continue;
                }
                for (HttpMethod method : route.methods()) {
                    routes.add(method.name() + " " + path.substring(BASE.length()).replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
                }
            }
            return routes;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Services with nothing in them but the channel for configuration changes, which the contract routes bind to
     * as they are mounted; found by type, so a service added to the record needs no change here.
     */
    private static ApiVerticle.Services servicesAbsentBut(ConfigChanges changes) throws ReflectiveOperationException {
        RecordComponent[] components = ApiVerticle.Services.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == ConfigChanges.class ? changes
                    : types[i] == ApiVerticle.Money.class ? new ApiVerticle.Money(null, null, null, null) : null;
        }
        return ApiVerticle.Services.class.getDeclaredConstructor(types).newInstance(values);
    }

    private static SortedSet<String> documentedOperations() {
        SortedSet<String> operations = new TreeSet<>();
        operations().forEach(o -> operations.add(o.toString()));
        return operations;
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : METHOD_ORDER) {
                if (item.containsKey(method)) {
                    operations.add(new Operation(method, path, item, item.getJsonObject(method)));
                }
            }
        }
        operations.sort(Comparator.comparing((Operation o) -> METHOD_ORDER.indexOf(o.method())).thenComparing(Operation::template));
        return operations;
    }

    /** One documented operation, and how to call it with its documented examples. */
    private record Operation(String method, String template, JsonObject item, JsonObject operation) {

        boolean isWebSocket() {
            return template.equals("/live");
        }

        boolean needsToken() {
            JsonArray security = operation.containsKey("security") ? operation.getJsonArray("security")
                    : document.getJsonArray("security", new JsonArray());
            return !security.isEmpty();
        }

        Set<String> documentedStatuses() {
            return operation.getJsonObject("responses").fieldNames();
        }

        /** The path with each parameter replaced by its documented example. */
        String path() {
            List<JsonObject> parameters = new ArrayList<>();
            item.getJsonArray("parameters", new JsonArray()).forEach(p -> parameters.add(resolve((JsonObject) p)));
            operation.getJsonArray("parameters", new JsonArray()).forEach(p -> parameters.add(resolve((JsonObject) p)));
            Matcher matcher = PATH_PARAMETER.matcher(template);
            StringBuilder path = new StringBuilder(BASE);
            while (matcher.find()) {
                String name = matcher.group(1);
                Object example = parameters.stream()
                        .filter(p -> name.equals(p.getString("name")) && "path".equals(p.getString("in")))
                        .map(p -> p.getValue("example")).filter(java.util.Objects::nonNull).findFirst()
                        .orElseThrow(() -> new AssertionError(this + ": path parameter '" + name + "' has no example"));
                matcher.appendReplacement(path, Matcher.quoteReplacement(String.valueOf(example)));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        Http.Response send(Http http) {
            JsonObject body = operation.getJsonObject("requestBody") == null ? null
                    : resolve(operation.getJsonObject("requestBody")).getJsonObject("content", new JsonObject())
                    .getJsonObject("application/json", new JsonObject());
            String text = body == null || body.getValue("example") == null ? "" : String.valueOf(body.getValue("example"));
            return switch (method) {
                case "get" -> http.get(path());
                case "put" -> http.put(path(), text);
                case "post" -> http.post(path(), text);
                case "delete" -> http.delete(path());
                default -> throw new AssertionError(method);
            };
        }

        /** The schema of a JSON answer with this status, or null when it has no JSON body. */
        JsonObject jsonSchema(int status) {
            JsonObject response = operation.getJsonObject("responses").getJsonObject(String.valueOf(status));
            if (response == null) {
                return null;
            }
            JsonObject json = resolve(response).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
            return json == null ? null : json.getJsonObject("schema");
        }

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + template;
        }
    }

    /**
     * The answer uses exactly the documented field names: none undocumented, none required missing, of the
     * documented JSON types and enumerations, all the way down. Null values are not followed: where a field may
     * be null is the schema's business, and these calls make things whose figures are mostly empty.
     */
    private static void conform(JsonObject schemaNode, Object value, String where, List<String> problems) {
        JsonObject schema = resolve(schemaNode);
        if (value == null) {
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.containsKey(combinator)) {
                List<JsonObject> alternatives = new ArrayList<>();
                schema.getJsonArray(combinator).forEach(a -> alternatives.add(resolve((JsonObject) a)));
                alternatives.removeIf(a -> "null".equals(a.getValue("type")));
                if (alternatives.size() == 1) {
                    conform(alternatives.get(0), value, where, problems);
                }
                return;
            }
        }
        if (schema.containsKey("allOf")) {
            JsonObject merged = new JsonObject().put("properties", new JsonObject()).put("required", new JsonArray());
            for (Object part : schema.getJsonArray("allOf")) {
                JsonObject resolved = resolve((JsonObject) part);
                merged.getJsonObject("properties").mergeIn(resolved.getJsonObject("properties", new JsonObject()));
                merged.getJsonArray("required").addAll(resolved.getJsonArray("required", new JsonArray()));
            }
            conform(merged, value, where, problems);
            return;
        }
        if (!ofType(schema.getValue("type"), value)) {
            problems.add(where + " is " + value + ", not of type " + schema.getValue("type"));
            return;
        }
        JsonArray allowed = schema.getJsonArray("enum");
        if (allowed != null && !allowed.contains(value)) {
            problems.add(where + " is " + value + ", not one of " + allowed);
        }
        if (value instanceof JsonObject object) {
            for (Object required : schema.getJsonArray("required", new JsonArray())) {
                if (!object.containsKey((String) required)) {
                    problems.add(where + "." + required + " is documented as always there, but is missing");
                }
            }
            JsonObject properties = schema.getJsonObject("properties");
            if (properties != null) {
                for (String name : object.fieldNames()) {
                    if (!properties.containsKey(name)) {
                        problems.add(where + "." + name + " is not documented");
                    } else {
                        conform(properties.getJsonObject(name), object.getValue(name), where + "." + name, problems);
                    }
                }
            }
        }
        if (value instanceof JsonArray array && schema.containsKey("items")) {
            for (int i = 0; i < array.size(); i++) {
                conform(schema.getJsonObject("items"), array.getValue(i), where + "[" + i + "]", problems);
            }
        }
    }

    private static boolean ofType(Object type, Object value) {
        if (type == null) {
            return true;
        }
        if (type instanceof JsonArray types) {
            return types.stream().anyMatch(t -> ofType(t, value));
        }
        return switch ((String) type) {
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "null" -> false;
            default -> true;
        };
    }

    /** Follows {@code $ref}s within the OpenAPI document. */
    private static JsonObject resolve(JsonObject node) {
        JsonObject current = node;
        while (current.getString("$ref") != null) {
            String ref = current.getString("$ref");
            assertThat(ref).as("a $ref within openapi.json").startsWith("#/");
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
            }
            assertThat(target).as("%s in openapi.json", ref).isInstanceOf(JsonObject.class);
            current = (JsonObject) target;
        }
        return current;
    }

    private static Object decode(String body) {
        return io.vertx.core.json.Json.decodeValue(body);
    }

    /** A channel's address with each parameter replaced by its first documented example. */
    private static String concrete(JsonNode asyncApi, JsonNode channel, String address) {
        Matcher matcher = PATH_PARAMETER.matcher(address);
        StringBuilder topic = new StringBuilder();
        while (matcher.find()) {
            JsonNode parameter = channel.path("parameters").path(matcher.group(1));
            if (parameter.has("$ref")) {
                parameter = asyncApi.at(JsonPointer.compile(parameter.get("$ref").asText().substring(1)));
            }
            assertThat(parameter.path("examples").path(0).isTextual())
                    .as("parameter %s of %s has an example", matcher.group(1), address).isTrue();
            matcher.appendReplacement(topic, Matcher.quoteReplacement(parameter.path("examples").path(0).asText()));
        }
        matcher.appendTail(topic);
        return topic.toString();
    }

    /** Every {@code $ref} of the AsyncAPI document that leads nowhere, within it or into openapi.json beside it. */
    private static List<String> unresolvedReferences(JsonNode asyncApi) throws IOException {
        List<String> unresolved = new ArrayList<>();
        List<JsonNode> refs = asyncApi.findValues("$ref");
        for (JsonNode ref : refs) {
            String text = ref.asText();
            int hash = text.indexOf('#');
            JsonNode target = hash == 0 ? asyncApi
                    : new ObjectMapper().readTree(ASYNCAPI.getParent().resolve(text.substring(0, hash)).normalize().toFile());
            if (target.at(JsonPointer.compile(text.substring(hash + 1))).isMissingNode()) {
                unresolved.add(text);
            }
        }
        return unresolved;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
