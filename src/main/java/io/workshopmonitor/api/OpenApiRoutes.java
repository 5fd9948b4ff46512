package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the API's own OpenAPI 3.1 description, hand-written in
 * {@code src/main/resources/api/openapi.json}. Anyone may read it, signed in or not: it describes the service
 * and holds no data, and the dashboard's {@code api.html} renders it before anyone has a token.
 */
final class OpenApiRoutes {

    static final String RESOURCE = "api/openapi.json";

    private final Buffer document;

    private OpenApiRoutes(Buffer document) {
        this.document = document;
    }

    /**
     * Reads the document from the classpath once, off the event loop. A document that is not JSON is a build
     * mistake: the service says so at start rather than serve it.
     */
    static Future<OpenApiRoutes> load(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            Buffer document = Buffer.buffer(read());
            new JsonObject(document);
            return new OpenApiRoutes(document);
        });
    }

    /** Mounted before the token check of {@code /api/v1/*}, which would otherwise answer 401. */
    void mount(Router router) {
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(document));
    }

    private static byte[] read() {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
