package io.workshopmonitor.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An identity provider's signing keys, from its JWKS document. When a token names a key id the document did not
 * have, the provider has rotated its keys: the document is fetched again, so a rotation needs no restart. At most
 * one fetch every {@link #REFETCH_AFTER}, so tokens with made-up key ids cannot turn the service against the
 * provider.
 */
final class JwksKeys {

    static final Duration REFETCH_AFTER = Duration.ofSeconds(30);

    private record Keys(JWTAuth auth, Set<String> ids, Instant fetchedAt) {
    }

    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    private final String issuer;
    private final Clock clock;
    private volatile Keys keys;
    /** The fetch under way, shared by every token that asks meanwhile; guarded by this. */
    private Future<Keys> fetching;

    private JwksKeys(Vertx vertx, String url, String issuer, Clock clock) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx);
        this.url = url;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The provider's keys as its document lists them now; fails when the provider does not answer with one. */
    static Future<JwksKeys> load(Vertx vertx, String url, String issuer, Clock clock) {
        JwksKeys jwks = new JwksKeys(vertx, url, issuer, clock);
        return jwks.fetch().map(jwks);
    }

    int size() {
        return keys.ids().size();
    }

    /** The keys to check a token with: fetched again first when it names a key id not among them. */
    Future<JWTAuth> forToken(String token) {
        Keys current = keys;
        String kid = keyId(token);
        if (kid == null || current.ids().contains(kid)
                || Duration.between(current.fetchedAt(), clock.instant()).compareTo(REFETCH_AFTER) < 0) {
            return Future.succeededFuture(current.auth());
        }
        // a provider that does not answer leaves the keys as they were: tokens signed with those still pass
        return fetch().map(Keys::auth).otherwise(ignored -> keys.auth());
    }

    private synchronized Future<Keys> fetch() {
        if (fetching != null) {
            return fetching;
        }
        Future<Keys> next = client.getAbs(url).timeout(10_000).send()
                .compose(response -> response.statusCode() == 200
                        ? Future.succeededFuture(response.bodyAsJsonObject())
                        : Future.failedFuture("auth.jwksUrl " + url + " answered HTTP " + response.statusCode()))
                .map(this::keys)
                .andThen(fetched -> {
                    synchronized (this) {
                        fetching = null;
                        if (fetched.succeeded()) {
                            keys = fetched.result();
                        } else if (keys != null) {
                            // not again for a while: a provider that is down is not asked at every request
                            keys = new Keys(keys.auth(), keys.ids(), clock.instant());
                        }
                    }
                });
        fetching = next;
        return next;
    }

    private Keys keys(JsonObject document) {
        List<JsonObject> list = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        document.getJsonArray("keys", new JsonArray()).forEach(k -> {
            if (k instanceof JsonObject key) {
                list.add(key);
                if (key.getString("kid") != null) {
                    ids.add(key.getString("kid"));
                }
            }
        });
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(list)
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setLeeway(30)));
        return new Keys(auth, ids, clock.instant());
    }

    /** The {@code kid} of a token's header, or null when it has none or is not a JWT. */
    static String keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    java.nio.charset.StandardCharsets.UTF_8));
            return header.getValue("kid") instanceof String kid ? kid : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
