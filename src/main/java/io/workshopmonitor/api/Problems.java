package io.workshopmonitor.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error leaves as application/problem+json, 5xx logged once with its cause. */
final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        Problem problem;
        if (failure instanceof Problem p) {
            problem = p;
        } else if (failure instanceof DecodeException) {
            problem = Problem.badRequest("the body is not valid JSON: send a JSON object");
        } else if (failure instanceof HttpException http) {
            problem = fromStatus(http.getStatusCode(), http.getPayload());
        } else if (failure == null) {
            problem = fromStatus(ctx.statusCode(), null);
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            problem = new Problem(500, "Internal Server Error", "the service failed to answer; the cause is in its log");
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("status", problem.status())
                .put("title", problem.title())
                .put("detail", problem.detail())
                .put("instance", ctx.request().path());
        if (problem.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"workshop-monitor\"");
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader("content-type", "application/problem+json")
                .end(body.encode());
    }

    private static Problem fromStatus(int status, String payload) {
        return switch (status) {
            case 400 -> Problem.badRequest(payload != null ? payload : "the request is malformed");
            case 404 -> Problem.notFound("no such resource; see the README's API reference for the paths there are");
            case 401 -> new Problem(401, "Unauthorized", "no bearer token: send Authorization: Bearer <token>");
            case 403 -> new Problem(403, "Forbidden", payload != null ? payload : "your role does not allow this");
            case 405 -> new Problem(405, "Method Not Allowed", "this path does not take that method");
            case 413 -> new Problem(413, "Content Too Large", "the body is larger than http.maxBodyBytes allows");
            case 409 -> new Problem(409, "Conflict", payload != null ? payload : "the resource is not in a state that allows this");
            case 429 -> new Problem(429, "Too Many Requests", payload != null ? payload : "too many requests; see Retry-After");
            case 415 -> new Problem(415, "Unsupported Media Type", "send application/json");
            default -> status >= 400 && status < 500
                    ? new Problem(status, "Client Error", payload != null ? payload : "the request was refused")
                    : new Problem(500, "Internal Server Error", "the service failed to answer; the cause is in its log");
        };
    }
}
