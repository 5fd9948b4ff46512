package io.workshopmonitor.alert;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertCondition;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;

/** One JSON shape for an alert, wherever it goes: the API, the live feed and webhooks. */
public final class AlertJson {

    private AlertJson() {
    }

    public static JsonObject render(Alert alert) {
        return new JsonObject()
                .put("id", alert.id().toString())
                .put("workshop", alert.workshop().toString())
                .put("kind", alert.kind().name())
                .put("severity", alert.severity().name())
                .put("state", alert.state().name())
                .put("station", alert.subjectId("station"))
                .put("contract", alert.subjectId("contract"))
                .put("session", alert.subjectId("session"))
                .put("value", round(alert.value()))
                .put("threshold", round(alert.threshold()))
                .put("text", alert.text())
                .put("openedAt", FiguresJson.instant(alert.openedAt()))
                .put("acknowledgedAt", FiguresJson.instant(alert.acknowledgedAt()))
                .put("acknowledgedBy", alert.acknowledgedBy())
                .put("comment", alert.comment())
                .put("resolvedAt", FiguresJson.instant(alert.resolvedAt()));
    }

    /** An alert read back from {@link #render}, with its subject, as another instance of a cluster announced it. */
    public static Alert parse(JsonObject json, String subject) {
        return new Alert(java.util.UUID.fromString(json.getString("id")), AlertKind.valueOf(json.getString("kind")),
                WorkshopKey.parse(json.getString("workshop")).orElseThrow(), subject,
                AlertCondition.Severity.valueOf(json.getString("severity")), Alert.State.valueOf(json.getString("state")),
                json.getDouble("value"), json.getDouble("threshold"), json.getString("text"),
                instant(json.getString("openedAt")), instant(json.getString("acknowledgedAt")),
                json.getString("acknowledgedBy"), json.getString("comment"), instant(json.getString("resolvedAt")));
    }

    private static java.time.Instant instant(String text) {
        return text == null ? null : java.time.Instant.parse(text);
    }

    /** The live feed's message: the alert itself, typed. */
    public static String liveMessage(JsonObject rendered) {
        return new JsonObject().put("type", "alert").mergeIn(rendered).encode();
    }

    /** What a webhook receives: the event, when it happened, and the alert as it stood then. */
    public static String webhookBody(Alert alert) {
        return new JsonObject()
                .put("event", event(alert.state()))
                .put("at", FiguresJson.instant(switch (alert.state()) {
                    case OPEN -> alert.openedAt();
                    case ACKNOWLEDGED -> alert.acknowledgedAt();
                    case RESOLVED -> alert.resolvedAt();
                }))
                .put("alert", render(alert))
                .encode();
    }

    public static String event(Alert.State state) {
        return switch (state) {
            case OPEN -> "alert.opened";
            case ACKNOWLEDGED -> "alert.acknowledged";
            case RESOLVED -> "alert.resolved";
        };
    }

    /** Ratios to 4 decimals, minutes to 2: the figures that raised an alert, not float noise. */
    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
