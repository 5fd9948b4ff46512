package io.workshopmonitor.support;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A live-feed client over a real WebSocket (the JDK's client), collecting every message it is sent. */
public final class FeedClient implements AutoCloseable {

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private volatile Integer closedWith;
    private volatile String closeReason;

    private final String token;

    /** Without a token: the service must close the socket at the first frame. */
    public FeedClient(int httpPort) {
        this(httpPort, null);
    }

    /** Every JSON object frame sent carries {@code token} unless it has one already. */
    public FeedClient(int httpPort, String token) {
        this.token = token;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://localhost:" + httpPort + "/api/v1/live"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(new JsonObject(partial.toString()));
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeReason = reason;
                        closedWith = statusCode;
                        return null;
                    }
                }).join();
    }

    public void send(String text) {
        if (token != null && text.startsWith("{")) {
            JsonObject frame = new JsonObject(text);
            if (!frame.containsKey("token")) {
                text = frame.put("token", token).encode();
            }
        }
        socket.sendText(text, true).join();
    }

    /** The next message that matches, skipping others; fails after the timeout. */
    public JsonObject next(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no matching live-feed message within " + timeout);
            }
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    public Integer closedWith() {
        return closedWith;
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
