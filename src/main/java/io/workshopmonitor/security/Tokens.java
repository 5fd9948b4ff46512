package io.workshopmonitor.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.workshopmonitor.domain.Caller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies people's bearer tokens (HMPPS Auth style claims {@code user_name}, {@code authorities},
 * {@code prisons}) against the configured issuer's JWKS, or, with none configured, against the service's
 * own key, with which it can also issue tokens.
 */
public final class Tokens {

    /** Why a token was refused: the route answers 401 (bad token) or 403 (no role of this service). */
    public static final class Refused extends RuntimeException {
        private final boolean authenticated;

        Refused(String message, boolean authenticated) {
            super(message, null, false, false);
            this.authenticated = authenticated;
        }

        public boolean authenticated() {
            return authenticated;
        }
    }

    /** A verified token: whom it names, when it was issued and when it stops working (either may be absent). */
    public record Verified(Caller caller, Optional<Instant> issuedAt, Optional<Instant> expires) {
    }

    private final JWTAuth jwt;
    private final Revocations revocations = new Revocations();
    private final String issuer;
    private final boolean canIssue;
    /** The identity provider's keys, fetched again when it rotates them; null with the service's own key. */
    private final JwksKeys provider;

    private Tokens(JWTAuth jwt, String issuer, boolean canIssue, JwksKeys provider) {
        this.jwt = jwt;
        this.issuer = issuer;
        this.canIssue = canIssue;
        this.provider = provider;
    }

    /** Tokens signed with the service's own key (HS256). */
    public static Tokens ownKey(Vertx vertx, String secret, String issuer) {
        JWTAuthOptions options = new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setLeeway(30));
        return new Tokens(JWTAuth.create(vertx, options), issuer, true, null);
    }

    /**
     * Tokens from an identity provider, checked against the keys of its JWKS document at {@code url}; fails when
     * the provider does not answer with one.
     */
    public static Future<Tokens> jwks(Vertx vertx, String url, String issuer) {
        return JwksKeys.load(vertx, url, issuer, java.time.Clock.systemUTC())
                .map(keys -> new Tokens(null, issuer, false, keys));
    }

    /** How many keys the identity provider lists (0 with the service's own key). */
    public int providerKeys() {
        return provider == null ? 0 : provider.size();
    }

    private Future<JWTAuth> authFor(String token) {
        return provider == null ? Future.succeededFuture(jwt) : provider.forToken(token);
    }

    public boolean canIssue() {
        return canIssue;
    }

    public String issue(String user, Caller.Role role, Set<String> prisons, Duration lifetime) {
        if (!canIssue) {
            throw new IllegalStateException("tokens come from the identity provider (auth.jwksUrl), not from this service");
        }
        JsonObject claims = new JsonObject().put("sub", user).put("user_name", user)
                .put("authorities", new JsonArray().add(role.authority()))
                .put("prisons", new JsonArray(new ArrayList<>(prisons)));
        return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(issuer)
                .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds())));
    }

    /** The people whose earlier tokens are refused. */
    public Revocations revocations() {
        return revocations;
    }

    /** The caller a token names, or a failed future with {@link Refused}. */
    public Future<Caller> verify(String token) {
        return verified(token).map(Verified::caller);
    }

    /** The caller a token names with its issue and expiry times, or a failed future with {@link Refused}. */
    public Future<Verified> verified(String token) {
        if (token == null || token.isBlank()) {
            return Future.failedFuture(new Refused("no bearer token: send Authorization: Bearer <token>", false));
        }
        return authFor(token).compose(auth -> auth.authenticate(new TokenCredentials(token)))
                .recover(e -> Future.failedFuture(new Refused("the token is not valid: " + reason(e), false)))
                .compose(user -> caller(user).map(caller -> {
                    JsonObject claims = claims(user);
                    return new Verified(caller, instant(claims.getValue("iat")), instant(claims.getValue("exp")));
                }))
                .compose(verified -> revocations.revokes(verified.caller().user(), verified.issuedAt().orElse(null))
                        ? Future.failedFuture(new Refused("the token was revoked: sign in again for a new one", false))
                        : Future.succeededFuture(verified));
    }

    private static Optional<Instant> instant(Object epochSeconds) {
        return epochSeconds instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
    }

    /**
     * Why a token failed, in our words: the library's own messages name its internals, which tell a prober
     * what it is talking to and a person nothing useful.
     */
    static String reason(Throwable e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "it has expired: sign in again";
        }
        if (message.contains("not before") || message.contains("nbf")) {
            return "it is not valid yet";
        }
        if (message.contains("iss")) {
            return "it was issued by someone this service does not take tokens from";
        }
        if (message.contains("signature") || message.contains("key")) {
            return "its signature does not verify";
        }
        return "it cannot be read as a signed token";
    }

    private static Future<Caller> caller(User user) {
        JsonObject claims = claims(user);
        String name = Optional.ofNullable(claims.getString("user_name")).orElse(claims.getString("sub"));
        if (name == null || name.isBlank()) {
            return Future.failedFuture(new Refused("the token names nobody (no user_name or sub)", false));
        }
        Optional<Caller.Role> role = Caller.Role.strongest(strings(claims.getValue("authorities")));
        if (role.isEmpty()) {
            return Future.failedFuture(new Refused(name + " has no Workshop Monitor role ("
                    + Caller.Role.PREFIX + "ADMIN, MANAGER, INSTRUCTOR or VIEWER)", true));
        }
        return Future.succeededFuture(new Caller(name, role.get(), new LinkedHashSet<>(strings(claims.getValue("prisons")))));
    }

    /** The verified token's claims, wherever this version of the provider keeps them. */
    private static JsonObject claims(User user) {
        JsonObject accessToken = user.attributes() == null ? null : user.attributes().getJsonObject("accessToken");
        return accessToken != null ? accessToken : user.principal();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(v -> {
                if (v instanceof String s) {
                    out.add(s);
                }
            });
        } else if (value instanceof String s) {
            out.add(s);
        }
        return out;
    }

    /**
     * A new token for the same person, role and prisons, as long-lived as the one presented (12 hours when it
     * does not say), so a wall screen signed in for a month stays signed in: the dashboard calls this as its
     * token nears expiry. Only the service's own tokens can be renewed; an identity provider's are its own.
     */
    public Future<String> renew(String token) {
        if (!canIssue) {
            return Future.failedFuture(new Refused("tokens come from the identity provider (auth.jwksUrl): renew them there", true));
        }
        // composed, so a library that throws on a claim of the wrong type answers 401 like any other bad token
        return Future.succeededFuture().compose(ignored -> verified(token)).map(verified -> {
            Caller caller = verified.caller();
            Duration lifetime = verified.issuedAt().isPresent() && verified.expires().isPresent()
                    && verified.expires().get().isAfter(verified.issuedAt().get())
                    ? Duration.between(verified.issuedAt().get(), verified.expires().get()) : Duration.ofHours(12);
            return issue(caller.user(), caller.role(), caller.prisons(), lifetime);
        });
    }

    /** Writes {@code <dataDir>/admin.token} (0600) with a new administrator token. */
    public void writeAdminToken(Path dataDir, Duration lifetime) {
        try {
            SigningKey.writePrivate(dataDir.resolve("admin.token"), issue("admin", Caller.Role.ADMIN, Set.of(), lifetime));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve("admin.token"), e);
        }
    }
}
