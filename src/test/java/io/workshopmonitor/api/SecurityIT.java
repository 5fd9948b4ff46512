package io.workshopmonitor.api;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People reach only what is theirs, over real sockets: no token 401, a bad one 401, the wrong role 403,
 * another prison's things 404; the live feed wants its token first; tokens from an identity provider are
 * checked against its JWKS served by a real HTTP server.
 */
class SecurityIT {

    @TempDir
    static Path dir;
    private static RunningService service;
    private static Http admin;

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
        admin = service.http;
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
        service.configureWorkshop("LPI", "woodwork-1", "bench-01");
        assertThat(admin.put("/api/v1/contracts/c-lpi-1", new JsonObject().put("workshop", "LPI/woodwork-1")
                .put("customer", "Parks").put("product", "BENCH").put("quantity", 10).put("start", "2026-11-01")
                .put("due", "2026-12-01").encode()).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void adminTokenIsWrittenOnFirstStartReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("admin.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth/signing.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void callWithoutATokenOrWithABadOneIsUnauthorized() {
        Http.Response none = admin.as(null).get("/api/v1/workshops");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        String good = service.adminToken();
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(admin.as(tampered).get("/api/v1/workshops").status()).isEqualTo(401);
        assertThat(admin.as("not.a.token").get("/api/v1/workshops").status()).isEqualTo(401);
        String key = signingKey();
        assertThat(admin.as(hs256(key, claims("admin", "ADMIN").put("exp", Instant.now().minusSeconds(3600).getEpochSecond())))
                .get("/api/v1/workshops").status()).as("expired").isEqualTo(401);
        assertThat(admin.as(hs256(key, claims("admin", "ADMIN").put("iss", "someone-else"))).get("/api/v1/workshops").status())
                .as("wrong issuer").isEqualTo(401);
        assertThat(admin.as(hs256(key, claims("admin", "ADMIN"))).get("/api/v1/workshops").status())
                .as("the same claims, properly signed").isEqualTo(200);
        assertThat(admin.as(hs256("another-key-entirely-0123456789abcdef", claims("admin", "ADMIN"))).get("/api/v1/workshops")
                .status()).as("signed with another key").isEqualTo(401);
    }

    @Test
    void everyAnswerCarriesTheBrowserSecurityHeadersAndThePageIsNotCached() {
        for (String path : List.of("/", "/index.html", "/api.html", "/app.js", "/api/v1/workshops", "/api/v1/openapi.json")) {
            Http.Response answer = admin.get(path);
            assertThat(answer.header("Content-Security-Policy")).as(path).contains("default-src 'self'")
                    .contains("frame-ancestors 'none'").contains("object-src 'none'");
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
        for (String page : List.of("/", "/index.html", "/api.html")) {
            assertThat(admin.get(page).header("Cache-Control")).as(page).isEqualTo("no-cache");
        }
    }

    @Test
    void aRefusedTokenIsExplainedInTheServicesWordsNotTheLibrarys() {
        String key = signingKey();
        Http.Response expired = admin.as(hs256(key, claims("admin", "ADMIN").put("exp", Instant.now().minusSeconds(3600)
                .getEpochSecond()))).get("/api/v1/workshops");
        assertThat(expired.json().getString("detail")).isEqualTo("the token is not valid: it has expired: sign in again");
        Http.Response forged = admin.as(hs256("another-key-entirely-0123456789abcdef", claims("admin", "ADMIN")))
                .get("/api/v1/workshops");
        assertThat(forged.json().getString("detail")).isEqualTo("the token is not valid: its signature does not verify");
        for (Http.Response answer : List.of(expired, forged, admin.as("not.a.token").get("/api/v1/workshops"))) {
            assertThat(answer.json().getString("detail")).doesNotContainIgnoringCase("jwt").doesNotContain("Exception");
        }
    }

    @Test
    void aProperlySignedTokenWithClaimsOfTheWrongTypeIsUnauthorizedNotAServerError() {
        String key = signingKey();
        List<JsonObject> odd = List.of(
                claims("admin", "ADMIN").put("exp", "tomorrow"),
                claims("admin", "ADMIN").put("exp", new JsonObject()),
                claims("admin", "ADMIN").put("iat", "today"),
                claims("admin", "ADMIN").put("nbf", List.of(1, 2)),
                claims("admin", "ADMIN").put("exp", 1e300),
                claims("admin", "ADMIN").put("user_name", 42).put("sub", List.of()),
                claims("admin", "ADMIN").put("authorities", "ROLE_WORKSHOP_MONITOR__ADMIN").put("prisons", 7));
        for (JsonObject claims : odd) {
            Http.Response answer = admin.as(hs256(key, claims)).get("/api/v1/workshops");
            assertThat(answer.status()).as(claims.encode()).isIn(200, 401, 403);
            assertThat(answer.contentType()).as(claims.encode()).startsWith(answer.status() == 200 ? "application/json" : "application/problem+json");
        }
        assertThat(admin.as(hs256(key, claims("admin", "ADMIN").put("exp", "tomorrow"))).get("/api/v1/workshops").status())
                .isEqualTo(401);
        assertThat(admin.as(hs256(key, claims("admin", "ADMIN").put("exp", "tomorrow"))).post("/api/v1/auth/renew", "").status())
                .as("renewing it").isEqualTo(401);
    }

    @Test
    void wrongRoleIsForbiddenAndATokenWithoutARoleToo() {
        Http instructor = admin.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI"));
        String body = new JsonObject().put("name", "X").put("kind", "print")
                .put("schedule", new JsonObject().put("timezone", "UTC")).encode();
        assertThat(instructor.put("/api/v1/workshops/MDI/print-9", body).status()).isEqualTo(403);
        assertThat(admin.as(service.token("m.lpi", Caller.Role.MANAGER, "LPI")).put("/api/v1/workshops/MDI/print-9", body).status())
                .as("a manager sets up workshops of their own prisons only").isEqualTo(404);
        Http viewer = admin.as(service.token("v.one", Caller.Role.VIEWER, "MDI"));
        assertThat(viewer.post("/api/v1/workshops/MDI/textiles-1/closures", "{}").status()).isEqualTo(403);
        assertThat(instructor.post("/api/v1/workshops/MDI/textiles-1/closures", "{}").status())
                .as("an instructor records closures, so gets as far as the body's check").isEqualTo(400);
        assertThat(instructor.get("/api/v1/ingest/rejected").status()).isEqualTo(403);
        Http.Response noRole = admin.as(hs256(signingKey(), claims("visitor", null))).get("/api/v1/workshops");
        assertThat(noRole.status()).isEqualTo(403);
        assertThat(noRole.json().getString("detail")).contains("no Workshop Monitor role");
    }

    /**
     * Every call the API describes as needing more than a viewer, made by a viewer of the prison it names: each
     * is refused before anything is read or changed. New calls are covered as they are added to the document.
     */
    @Test
    void aViewerReadsButEveryChangeAndEveryStrongerReadIsForbidden() throws Exception {
        Http viewer = admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI"));
        assertThat(viewer.get("/api/v1/workshops").json().getJsonArray("workshops")).isNotEmpty();
        assertThat(viewer.get("/api/v1/workshops/MDI/textiles-1/kpis").status()).isEqualTo(200);
        JsonObject api;
        try (var in = SecurityIT.class.getResourceAsStream("/api/openapi.json")) {
            api = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        int checked = 0;
        for (String template : api.getJsonObject("paths").fieldNames()) {
            JsonObject item = api.getJsonObject("paths").getJsonObject(template);
            for (String method : List.of("get", "put", "post", "delete")) {
                JsonObject operation = item.getJsonObject(method);
                if (operation == null || operation.getString("x-minimum-role") == null
                        || operation.getString("x-minimum-role").equals("VIEWER")) {
                    continue;
                }
                String path = "/api/v1" + template.replace("{prison}", "MDI").replace("{workshop}", "textiles-1")
                        .replace("{station}", "sew-01").replace("{started}", "2026-11-23T09:00:00Z")
                        .replaceAll("\\{[a-zA-Z]+}", "x-1");
                Http.Response answer = switch (method) {
                    case "get" -> viewer.get(path);
                    case "put" -> viewer.put(path, "{}");
                    case "post" -> viewer.post(path, "{}");
                    default -> viewer.delete(path);
                };
                assertThat(answer.status()).as(method.toUpperCase() + " " + path).isEqualTo(403);
                assertThat(answer.json().getString("detail")).as(method.toUpperCase() + " " + path)
                        .contains(Caller.Role.VIEWER.authority());
                checked++;
            }
        }
        assertThat(checked).as("calls checked").isGreaterThanOrEqualTo(19);
    }

    @Test
    void anotherPrisonsThingsAreNotThereAtAll() {
        Http mdi = admin.as(service.token("m.mdi", Caller.Role.MANAGER, "MDI"));
        JsonArray workshops = mdi.get("/api/v1/workshops").json().getJsonArray("workshops");
        assertThat(workshops.stream().map(w -> ((JsonObject) w).getString("prison"))).containsOnly("MDI");
        assertThat(mdi.get("/api/v1/workshops/LPI/woodwork-1").status()).isEqualTo(404);
        assertThat(mdi.get("/api/v1/workshops/LPI/woodwork-1/kpis").status()).isEqualTo(404);
        assertThat(mdi.get("/api/v1/workshops/LPI/woodwork-1/history").status()).isEqualTo(404);
        assertThat(mdi.get("/api/v1/contracts/c-lpi-1").status()).isEqualTo(404);
        assertThat(mdi.get("/api/v1/contracts").json().getJsonArray("contracts")).isEmpty();
        assertThat(admin.get("/api/v1/contracts/c-lpi-1").json().getString("workshop")).isEqualTo("LPI/woodwork-1");
        assertThat(mdi.post("/api/v1/workshops/LPI/woodwork-1/closures", "{}").status()).isEqualTo(404);
        assertThat(admin.as(service.token("m.lpi", Caller.Role.MANAGER, "LPI")).get("/api/v1/contracts").json()
                .getJsonArray("contracts")).hasSize(1);
    }

    @Test
    void contractAndWebhookIdsBelongToTheirPrisonSoCreatingOneRevealsNothingAboutAnother() {
        Http mdi = admin.as(service.token("m.mdi-ids", Caller.Role.MANAGER, "MDI"));
        Http lpi = admin.as(service.token("m.lpi-ids", Caller.Role.MANAGER, "LPI"));
        String lpiHook = new JsonObject().put("prison", "LPI").put("url", "https://93.184.215.14/lpi")
                .put("secret", "lpi-secret-0123456789").encode();
        assertThat(lpi.put("/api/v1/webhooks/duty-phone", lpiHook).status()).isEqualTo(201);
        // an id LPI uses is free in MDI: the answer is the one a never-used id gets
        Http.Response mdiContract = mdi.put("/api/v1/contracts/c-lpi-1", new JsonObject().put("workshop", "MDI/textiles-1")
                .put("customer", "X").put("product", "P").put("quantity", 1).put("start", "2026-11-01")
                .put("due", "2027-06-01").put("completed", "2026-11-02").encode());
        assertThat(mdiContract.status()).as(mdiContract.body()).isEqualTo(201);
        Http.Response mdiHook = mdi.put("/api/v1/webhooks/duty-phone", new JsonObject().put("prison", "MDI")
                .put("url", "https://93.184.215.14/mdi").put("secret", "mdi-secret-0123456789").encode());
        assertThat(mdiHook.status()).as(mdiHook.body()).isEqualTo(201);
        // each prison sees its own under the id, untouched by the other's
        assertThat(mdi.get("/api/v1/contracts/c-lpi-1").json().getString("workshop")).isEqualTo("MDI/textiles-1");
        assertThat(lpi.get("/api/v1/contracts/c-lpi-1").json().getString("workshop")).isEqualTo("LPI/woodwork-1");
        assertThat(lpi.get("/api/v1/webhooks/duty-phone").json().getString("url")).isEqualTo("https://93.184.215.14/lpi");
        assertThat(mdi.get("/api/v1/webhooks/duty-phone").json().getString("url")).isEqualTo("https://93.184.215.14/mdi");
        // whoever sees both is asked which
        Http.Response ambiguous = admin.get("/api/v1/contracts/c-lpi-1");
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().getString("detail")).contains("LPI").contains("MDI").contains("?prison=");
        assertThat(admin.get("/api/v1/contracts/c-lpi-1?prison=LPI").json().getString("workshop")).isEqualTo("LPI/woodwork-1");
        assertThat(admin.get("/api/v1/webhooks/duty-phone").status()).isEqualTo(409);
        assertThat(mdi.delete("/api/v1/webhooks/duty-phone").status()).isEqualTo(204);
        assertThat(lpi.get("/api/v1/webhooks/duty-phone").status()).as("LPI's is still there").isEqualTo(200);
        assertThat(admin.get("/api/v1/webhooks/duty-phone").json().getString("prison")).isEqualTo("LPI");
        assertThat(lpi.delete("/api/v1/webhooks/duty-phone").status()).isEqualTo(204);
    }

    @Test
    void liveFeedWantsItsTokenFirstAndShowsOnlyTheCallersPrisons() throws Exception {
        int port = Integer.parseInt(service.env().get("WM_HTTP_PORT"));
        try (FeedClient anonymous = new FeedClient(port)) {
            anonymous.send("{\"subscribe\": [\"MDI/*\"]}");
            waitClosed(anonymous);
            assertThat(anonymous.closedWith()).isEqualTo(1008);
        }
        try (FeedClient forged = new FeedClient(port, "forged.token.here")) {
            forged.send("{\"subscribe\": [\"MDI/*\"]}");
            waitClosed(forged);
            assertThat(forged.closedWith()).isEqualTo(1008);
        }
        try (FeedClient mdi = new FeedClient(port, service.token("i.mdi", Caller.Role.INSTRUCTOR, "MDI"))) {
            mdi.send("{\"subscribe\": [\"LPI/*\"]}");
            assertThat(mdi.next(m -> "error".equals(m.getString("type")), Duration.ofSeconds(5)).getString("detail"))
                    .contains("no workshop 'LPI/*'");
            mdi.send("{\"subscribe\": [\"MDI/*\"]}");
            assertThat(mdi.next(m -> "snapshot".equals(m.getString("type")), Duration.ofSeconds(5)).getString("workshop"))
                    .isEqualTo("MDI/textiles-1");
        }
    }

    @Test
    void tokensFromAnIdentityProviderAreCheckedAgainstItsJwks(@TempDir Path other) throws Exception {
        KeyPair provider = rsa();
        KeyPair impostor = rsa();
        try (JwksServer jwks = new JwksServer(jwks(Map.of("k1", provider)));
             RunningService hmpps = signingInWith(other, jwks)) {
            JsonObject claims = claims("AB12345", "MANAGER").put("iss", "https://sign-in.example/auth/issuer");
            assertThat(hmpps.http.as(rs256(provider, claims)).get("/api/v1/workshops").status()).isEqualTo(200);
            assertThat(hmpps.http.as(rs256(impostor, claims)).get("/api/v1/workshops").status()).isEqualTo(401);
            assertThat(hmpps.http.as(rs256(provider, claims.copy().put("iss", "https://elsewhere.example")))
                    .get("/api/v1/workshops").status()).isEqualTo(401);
            assertThat(Files.exists(other.resolve("admin.token"))).as("no own tokens with an identity provider").isFalse();
            assertThat(hmpps.http.as(rs256(provider, claims)).post("/api/v1/auth/renew", "").status())
                    .as("the identity provider renews its own tokens").isEqualTo(403);
        }
    }

    @Test
    void aKeyTheProviderRotatesInIsFetchedWithoutARestartAndMadeUpKeyIdsDoNotFloodIt(@TempDir Path other) throws Exception {
        KeyPair first = rsa();
        KeyPair second = rsa();
        try (JwksServer provider = new JwksServer(jwks(Map.of("k1", first)));
             RunningService hmpps = signingInWith(other, provider)) {
            JsonObject claims = claims("AB12345", "MANAGER").put("iss", "https://sign-in.example/auth/issuer");
            assertThat(hmpps.http.as(rs256(first, "k1", claims)).get("/api/v1/workshops").status()).isEqualTo(200);
            assertThat(provider.fetches.get()).as("fetched once at start").isEqualTo(1);

            // the provider rotates: k2 signs new tokens; the service learns of k2 from the first token naming it
            provider.document.set(jwks(Map.of("k1", first, "k2", second)));
            Thread.sleep(JWKS_REFETCH_AFTER_MS);
            assertThat(hmpps.http.as(rs256(second, "k2", claims)).get("/api/v1/workshops").status()).isEqualTo(200);
            assertThat(hmpps.http.as(rs256(first, "k1", claims)).get("/api/v1/workshops").status()).isEqualTo(200);
            int afterRotation = provider.fetches.get();
            assertThat(afterRotation).isEqualTo(2);

            // tokens naming keys nobody has are refused, and do not send the service to the provider each time
            for (int i = 0; i < 20; i++) {
                assertThat(hmpps.http.as(rs256(second, "made-up-" + i, claims)).get("/api/v1/workshops").status()).isEqualTo(401);
            }
            assertThat(provider.fetches.get()).as("no fetch within 30 s of the last").isEqualTo(afterRotation);
        }
    }

    /** An identity provider's JWKS document on a real HTTP server, counting how often it is fetched. */
    private static final class JwksServer implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicReference<byte[]> document;
        final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        private final HttpServer server;

        JwksServer(byte[] initial) throws java.io.IOException {
            document = new java.util.concurrent.atomic.AtomicReference<>(initial);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                byte[] body = document.get();
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A service that takes people's tokens from {@code provider} only. */
    private static RunningService signingInWith(Path dir, JwksServer provider) {
        return RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_AUTH_ISSUER", "https://sign-in.example/auth/issuer", "WM_AUTH_JWKS_URL", provider.url())));
    }

    /** A rotation is picked up only this long after the last fetch (JwksKeys.REFETCH_AFTER). */
    private static final long JWKS_REFETCH_AFTER_MS = 30_500;

    private static byte[] jwks(Map<String, KeyPair> keys) {
        JsonArray list = new JsonArray();
        keys.forEach((kid, pair) -> {
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            list.add(new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
                    .put("n", b64(unsigned(pub.getModulus()))).put("e", b64(unsigned(pub.getPublicExponent()))));
        });
        return new JsonObject().put("keys", list).encode().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void changesAreAuditedWithWhoWhatWhenAndWhere() {
        Http manager = admin.as(service.token("m.audit", Caller.Role.MANAGER, "MDI"));
        assertThat(manager.post("/api/v1/workshops/MDI/textiles-1/closures", new JsonObject()
                .put("from", "2026-12-01T08:00:00Z").put("to", "2026-12-01T12:00:00Z").put("reason", "LOCKDOWN").encode())
                .status()).isEqualTo(201);
        JsonObject entry = manager.get("/api/v1/audit?prison=MDI").json().getJsonArray("entries").stream()
                .map(e -> (JsonObject) e).filter(e -> "m.audit".equals(e.getString("user"))).findFirst().orElseThrow();
        assertThat(entry.getString("action")).isEqualTo("closure.added");
        assertThat(entry.getString("role")).isEqualTo("MANAGER");
        assertThat(entry.getString("from")).isEqualTo("127.0.0.1");
        assertThat(entry.getString("target")).contains("MDI/textiles-1").contains("LOCKDOWN");
        assertThat(entry.getString("at")).isNotNull();
        assertThat(admin.get("/api/v1/audit").json().getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("action")))
                .contains("workshop.created", "contract.created", "closure.added");
        // another prison's manager does not see it, an instructor may not read the trail at all
        assertThat(admin.as(service.token("m.lpi2", Caller.Role.MANAGER, "LPI")).get("/api/v1/audit").json()
                .getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("prison"))).doesNotContain("MDI");
        assertThat(admin.as(service.token("i.mdi2", Caller.Role.INSTRUCTOR, "MDI")).get("/api/v1/audit").status()).isEqualTo(403);
    }

    @Test
    void oversizedBodiesAndLiveFeedFramesAreRefusedWithTheirCodes() throws Exception {
        String huge = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertThat(admin.put("/api/v1/workshops/MDI/big-1", huge).status()).isEqualTo(413);
        try (FeedClient feed = service.feed()) {
            feed.send("{\"subscribe\": [\"MDI/*\"]}");
            feed.next(m -> "snapshot".equals(m.getString("type")), Duration.ofSeconds(5));
            feed.send("{\"subscribe\": [\"" + "x".repeat(70 * 1024) + "\"]}");
            waitClosed(feed);
            assertThat(feed.closedWith()).isEqualTo(1009);
        }
    }

    @Test
    void callerOverItsRateIsToldWhenToComeBackAndOthersAreNotSlowed(@TempDir Path other) {
        try (RunningService limited = RunningService.start(RunningService.env(other, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url(), "WM_HTTP_RATE_LIMIT_PER_MINUTE", "5")))) {
            Http busy = limited.http.as(limited.token("busy", Caller.Role.INSTRUCTOR, "MDI"));
            for (int i = 0; i < 5; i++) {
                assertThat(busy.get("/api/v1/workshops").status()).isEqualTo(200);
            }
            Http.Response refused = busy.get("/api/v1/workshops");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(limited.http.as(limited.token("calm", Caller.Role.INSTRUCTOR, "MDI")).get("/api/v1/workshops").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void tokenIsRenewedForTheSamePersonRoleAndPrisonsAndLifetime() {
        String old = service.token("m.renew", Caller.Role.MANAGER, "MDI");
        Http.Response renewed = admin.as(old).post("/api/v1/auth/renew", "");
        assertThat(renewed.status()).isEqualTo(200);
        String token = renewed.json().getString("token");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        JsonObject before = new JsonObject(new String(Base64.getUrlDecoder().decode(old.split("\\.")[1]), StandardCharsets.UTF_8));
        // issued now, for as long again: never earlier than the old one ran out
        assertThat(claims.getLong("exp")).isGreaterThanOrEqualTo(before.getLong("exp"));
        assertThat(claims.getString("user_name")).isEqualTo("m.renew");
        assertThat(claims.getJsonArray("prisons")).containsExactly("MDI");
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(3600);
        assertThat(admin.as(token).get("/api/v1/workshops/LPI/woodwork-1").status()).isEqualTo(404);
        assertThat(admin.as(token).get("/api/v1/workshops/MDI/textiles-1").status()).isEqualTo(200);
        assertThat(admin.as(null).post("/api/v1/auth/renew", "").status()).isEqualTo(401);
    }

    private static void waitClosed(FeedClient client) throws InterruptedException {
        for (int i = 0; i < 100 && client.closedWith() == null; i++) {
            Thread.sleep(100);
        }
    }

    private static String signingKey() {
        try {
            return Files.readString(dir.resolve("auth/signing.key")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonObject claims(String user, String role) {
        JsonArray authorities = new JsonArray();
        if (role != null) {
            authorities.add(Caller.Role.PREFIX + role);
        }
        return new JsonObject().put("iss", "workshop-monitor").put("sub", user).put("user_name", user)
                .put("authorities", authorities).put("prisons", new JsonArray().add("MDI"))
                .put("iat", Instant.now().getEpochSecond()).put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
    }

    private static String hs256(String key, JsonObject claims) {
        try {
            String signed = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + b64(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rs256(KeyPair key, JsonObject claims) throws Exception {
        return rs256(key, "k1", claims);
    }

    private static String rs256(KeyPair key, String kid, JsonObject claims) throws Exception {
        String header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid).encode();
        String signed = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64(signature.sign());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
