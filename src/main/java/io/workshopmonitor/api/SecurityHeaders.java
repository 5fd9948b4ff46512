package io.workshopmonitor.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer of the HTTP port carries, so a browser holds the dashboard to what it is: its scripts,
 * styles, images and live feed come from this service only, no other site may frame it (clickjacking), content
 * types are not guessed, and no address leaks in a Referer. The pages themselves are never cached, so a new
 * release is what the next load shows; their scripts and styles may be, briefly.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        ctx.addHeadersEndHandler(ignored -> {
            MultiMap headers = ctx.response().headers();
            headers.set("Content-Security-Policy", POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            if (path.equals("/") || path.endsWith(".html")) {
                headers.set("Cache-Control", "no-cache");
            }
        });
        ctx.next();
    }
}
