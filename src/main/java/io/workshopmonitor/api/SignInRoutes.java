package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.security.SignInCodes;
import io.workshopmonitor.security.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;

/**
 * {@code POST /auth/code}: the one-time code of the start-up log's sign-in link, exchanged once for an
 * administrator token. It needs no token, so it is mounted before the token check.
 */
final class SignInRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
    /** The dashboard renews its token as it nears expiry, so a short one costs a signed-in screen nothing. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final Tokens tokens;
    private final SignInCodes codes;

    /** @param codes null with an identity provider: its tokens are the only way in */
    SignInRoutes(Tokens tokens, SignInCodes codes) {
        this.tokens = tokens;
        this.codes = codes;
    }

    void mount(Router router) {
        router.post("/api/v1/auth/code").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::exchange);
    }

    private void exchange(RoutingContext ctx) {
        Object code = Requests.bodyObject(ctx).getValue("code");
        if (!(code instanceof String text) || text.isEmpty() || text.length() > 64) {
            throw Problem.badRequest("'code' is required: the code of the sign-in link (#code=...)");
        }
        if (codes == null || tokens == null || !tokens.canIssue() || !codes.redeem(text)) {
            throw new Problem(401, "Unauthorized", "the sign-in code is not valid: a code works once, for 15 minutes;"
                    + " the service logs a new sign-in link at each start");
        }
        LOG.info("a sign-in code was exchanged for an administrator token from {}", ctx.request().remoteAddress());
        Requests.json(ctx, 200, new JsonObject().put("token",
                tokens.issue("admin", Caller.Role.ADMIN, Set.of(), TOKEN_LIFETIME)));
    }
}
