package io.workshopmonitor.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.security.Tokens;

/**
 * Who may do what: the bearer token checked before any route (401), the role a route needs (403), and a
 * prison the caller does not work in answered as if nothing were there (404), so existence does not leak.
 */
final class Access {

    private static final String CALLER = "wm.caller";

    private Access() {
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none. */
    static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    /** A refused token as the caller is told of it: 403 for a valid one without a role of ours, else 401. */
    static Problem refused(Throwable e) {
        return e instanceof Tokens.Refused refused && refused.authenticated()
                ? new Problem(403, "Forbidden", e.getMessage())
                : new Problem(401, "Unauthorized", e.getMessage());
    }

    /** The handler in front of every /api/v1 route. */
    static io.vertx.core.Handler<RoutingContext> authenticate(Tokens tokens, RateLimiter limiter) {
        return ctx -> {
            String token = bearer(ctx.request());
            // the body waits, unread, for the verdict: verifying may take a round trip (an identity provider's
            // rotated keys fetched again), and the BodyHandler after this must find the request not yet ended
            ctx.request().pause();
            tokens.verify(token)
                    .onSuccess(caller -> {
                        long wait = limiter.take(token);
                        if (wait > 0) {
                            ctx.request().resume();
                            ctx.response().putHeader("Retry-After", String.valueOf(wait));
                            ctx.fail(new Problem(429, "Too Many Requests", caller.user() + " is over http.rateLimitPerMinute;"
                                    + " try again in " + wait + " s"));
                            return;
                        }
                        ctx.put(CALLER, caller);
                        ctx.next();
                    })
                    .onFailure(e -> {
                        ctx.request().resume();
                        ctx.fail(refused(e));
                    });
        };
    }

    static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        if (caller == null) {
            throw new Problem(401, "Unauthorized", "no bearer token: send Authorization: Bearer <token>");
        }
        return caller;
    }

    /** The caller, when their role is at least {@code role}. */
    static Caller require(RoutingContext ctx, Caller.Role role, String action) {
        Caller caller = caller(ctx);
        if (!caller.role().atLeast(role)) {
            throw new Problem(403, "Forbidden", action + " needs the " + role.authority() + " role (or a stronger one); "
                    + caller.user() + " has " + caller.role().authority());
        }
        return caller;
    }

    /** 404, not 403, for another prison's things. */
    static void visible(Caller caller, String prison, String notFound) {
        if (!caller.sees(prison)) {
            throw Problem.notFound(notFound);
        }
    }
}
