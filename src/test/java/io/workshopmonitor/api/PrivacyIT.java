package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.LogCapture;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service holds figures about work done by people in custody, and nothing about the people: every table
 * column is one this test names (a new one fails it until someone has looked at what it holds), metric labels
 * carry only configured identifiers and codes, and logs carry no secret a device or a person sends.
 */
class PrivacyIT {

    /** Each column reviewed: identifiers (prison, workshop, station, contract, device, staff user names), counts, codes, times. */
    private static final Set<String> REVIEWED_COLUMNS = Set.of(
            "workshops.prison", "workshops.workshop", "workshops.name", "workshops.kind", "workshops.config",
            "workshops.created_at", "workshops.updated_at",
            "stations.prison", "stations.workshop", "stations.station", "stations.name", "stations.ideal_cycle_seconds",
            "stations.auto_registered", "stations.registered_at", "stations.manual",
            "counter_readings.id", "counter_readings.prison", "counter_readings.workshop", "counter_readings.station",
            "counter_readings.ts", "counter_readings.seq", "counter_readings.good", "counter_readings.reject",
            "counter_readings.good_delta", "counter_readings.reject_delta", "counter_readings.product",
            "counter_readings.outcome", "counter_readings.received_at",
            "state_readings.id", "state_readings.prison", "state_readings.workshop", "state_readings.station",
            "state_readings.ts", "state_readings.state", "state_readings.reason", "state_readings.received_at",
            "attendance_readings.id", "attendance_readings.prison", "attendance_readings.workshop", "attendance_readings.ts",
            "attendance_readings.present", "attendance_readings.received_at",
            "dead_letters.id", "dead_letters.received_at", "dead_letters.topic", "dead_letters.reason", "dead_letters.detail",
            "dead_letters.payload",
            "closures.id", "closures.prison", "closures.workshop", "closures.starts_at", "closures.ends_at", "closures.reason",
            "closures.created_at",
            "contracts.id", "contracts.prison", "contracts.workshop", "contracts.customer", "contracts.product",
            "contracts.quantity", "contracts.start_date", "contracts.due_date", "contracts.completed", "contracts.updated_at",
            "contracts.kind",
            // money: a contract's dated prices, a prison's product catalogue, a workshop's running costs, places and
            // budgets; numbers and product names, never a person
            "contract_prices.prison", "contract_prices.contract", "contract_prices.effective", "contract_prices.unit_price",
            "products.prison", "products.code", "products.name", "products.material_cost", "products.standard_minutes",
            "products.transfer_price", "products.updated_at",
            "workshop_costings.prison", "workshop_costings.workshop", "workshop_costings.instructor_hours_per_session",
            "workshop_costings.instructor_hourly_rate", "workshop_costings.overhead_per_planned_hour",
            "workshop_costings.allocated_places", "workshop_costings.updated_at",
            "budgets.prison", "budgets.workshop", "budgets.month", "budgets.planned_good_units", "budgets.planned_cost",
            "budgets.planned_value", "budgets.updated_at",
            // who gets reports by e-mail: staff work addresses a manager chose, never anyone in prison; reports carry
            // headcounts, never names
            "report_subscriptions.prison", "report_subscriptions.report", "report_subscriptions.workshop",
            "report_subscriptions.recipients",
            "report_deliveries.prison", "report_deliveries.report", "report_deliveries.subject",
            "report_deliveries.claimed_at", "report_deliveries.sent_at", "report_deliveries.attempts",
            "report_deliveries.last_error",
            "workshop_minutes.prison", "workshop_minutes.workshop", "workshop_minutes.minute", "workshop_minutes.product",
            "workshop_minutes.good", "workshop_minutes.reject",
            "alerts.id", "alerts.prison", "alerts.workshop", "alerts.kind", "alerts.subject", "alerts.identity",
            "alerts.severity", "alerts.state", "alerts.value", "alerts.threshold", "alerts.text", "alerts.opened_at",
            "alerts.acknowledged_at", "alerts.acknowledged_by", "alerts.ack_comment", "alerts.resolved_at",
            "alert_events.id", "alert_events.alert_id", "alert_events.at", "alert_events.state", "alert_events.by_whom",
            "alert_events.comment",
            "webhooks.id", "webhooks.prison", "webhooks.workshop", "webhooks.url", "webhooks.secret", "webhooks.updated_at",
            "webhook_deliveries.id", "webhook_deliveries.webhook_prison", "webhook_deliveries.webhook_id", "webhook_deliveries.alert_id", "webhook_deliveries.event",
            "webhook_deliveries.body", "webhook_deliveries.created_at", "webhook_deliveries.attempts",
            "webhook_deliveries.next_attempt_at", "webhook_deliveries.delivered_at", "webhook_deliveries.failed_at",
            "webhook_deliveries.last_error",
            "devices.prison", "devices.workshop", "devices.id", "devices.username", "devices.password_hash",
            "devices.created_at", "devices.created_by",
            "audit.id", "audit.at", "audit.user_name", "audit.role", "audit.remote", "audit.action", "audit.prison",
            "audit.target",
            // an instructor's reason for a stop: a code, a short note refused when it looks like it names a person
            // (FreeText), and the staff sign-in name that gave it, as audit.user_name holds one
            "stop_reasons.prison", "stop_reasons.workshop", "stop_reasons.station", "stop_reasons.started",
            "stop_reasons.reason", "stop_reasons.note", "stop_reasons.recorded_by", "stop_reasons.recorded_at",
            // rejects split by code: units per code, never a person
            "reject_splits.prison", "reject_splits.workshop", "reject_splits.station", "reject_splits.session_start",
            "reject_splits.code", "reject_splits.units", "reject_splits.recorded_by", "reject_splits.recorded_at",
            // a cluster's token-signing key: secret like webhooks.secret, and about no person
            "cluster_secrets.name", "cluster_secrets.value", "cluster_secrets.created_at",
            // a device's MQTT client id and when its kept session expires
            "mqtt_sessions.client_id", "mqtt_sessions.expiry_seconds", "mqtt_sessions.disconnected_at",
            // staff sign-in names whose earlier tokens are refused, as audit.user_name holds them; never a prisoner
            "token_revocations.user_name", "token_revocations.revoked_before", "token_revocations.revoked_by",
            // Flyway's history: scripts, checksums and the database role that applied them
            "flyway_schema_history.installed_rank", "flyway_schema_history.version", "flyway_schema_history.description",
            "flyway_schema_history.type", "flyway_schema_history.script", "flyway_schema_history.checksum",
            "flyway_schema_history.installed_by", "flyway_schema_history.installed_on",
            "flyway_schema_history.execution_time", "flyway_schema_history.success");

    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Map<String, Pattern> BUSINESS_LABELS = Map.of(
            "prison", Pattern.compile("[A-Z]{3}"),
            "workshop", Pattern.compile("[a-z0-9][a-z0-9-]{0,31}"),
            "station", Pattern.compile("[a-z0-9][a-z0-9-]{0,63}"),
            "contract", Pattern.compile("[a-z0-9][a-z0-9-]{0,31}"),
            "kind", Pattern.compile("[A-Z_]+"),
            "category", Pattern.compile("[a-z]+"),
            "outcome", Pattern.compile("[a-z_]+"),
            "reason", Pattern.compile("[a-z_]+"),
            "report", Pattern.compile("[a-z]+"),
            "quantile", Pattern.compile("[0-9.]+"));

    @TempDir
    Path dir;

    @Test
    void tablesMetricLabelsAndLogsHoldOnlyIdentifiersCountsAndCodes() throws Exception {
        LogCapture log = new LogCapture();
        TestDatabase db = TestDatabase.create();
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", db.url(),
                "WM_MQTT_ALLOW_ANONYMOUS", "false")))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            JsonObject device = service.http.post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-1\"}").json();
            String password = device.getString("password");
            MqttClient client = new MqttClient(service.mqttUri(), "privacy-tablet", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            options.setUserName(device.getString("username"));
            options.setPassword(password.toCharArray());
            client.connect(options);
            Devices.publish(client, "industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(Instant.now().minusSeconds(60).toString(), 1L, 10, 0), 1);
            Devices.publish(client, "industries/MDI/textiles-1/sew-01/counter", "{\"ts\": \"a secret note\"}", 1);
            Devices.closeQuietly(client);
            // someone signs in with a wrong password, and a person with a bad token
            try {
                MqttClient wrong = new MqttClient(service.mqttUri(), "privacy-wrong", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
                var bad = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
                bad.setUserName(device.getString("username"));
                bad.setPassword("hunter2-hunter2".toCharArray());
                wrong.connect(bad);
            } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
                // refused
            }
            String instructor = service.token("i.privacy", Caller.Role.INSTRUCTOR, "MDI");
            service.http.as(instructor + "x").get("/api/v1/workshops");
            service.http.as(instructor).get("/api/v1/workshops");

            // a partition (counter_readings_y2026m12, …_default) has its parent's columns, reviewed under the parent's name
            Set<String> columns = new TreeSet<>(db.strings("SELECT table_name || '.' || column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)"));
            assertThat(columns).as("columns nobody has reviewed for what they hold").isSubsetOf(REVIEWED_COLUMNS);
            assertThat(db.strings("SELECT password_hash FROM devices")).allSatisfy(hash ->
                    assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain(password));

            String scrape = service.management.get("/metrics").body();
            for (String line : scrape.lines().filter(l -> l.startsWith("workshop_") || l.startsWith("contract_")
                    || l.startsWith("ingest_") || l.startsWith("webhook_") || l.startsWith("live_feed_")).toList()) {
                Matcher labels = LABEL.matcher(line.substring(0, Math.max(0, line.indexOf('}') + 1)));
                while (labels.find()) {
                    Pattern allowed = BUSINESS_LABELS.get(labels.group(1));
                    assertThat(allowed).as("label %s in %s", labels.group(1), line).isNotNull();
                    assertThat(labels.group(2)).as("value of %s in %s", labels.group(1), line).matches(allowed);
                }
            }
        } finally {
            log.close();
        }
        for (String line : log.lines()) {
            assertThat(line).as("a log line").doesNotContain("hunter2").doesNotContain("a secret note");
            // the sign-in link carries a one-time code, never a token
            assertThat(line).as("a log line").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        }
        assertThat(log.lines()).anyMatch(line -> line.contains("refused MQTT sign-in as MDI/textiles-1/tablet-1"));
    }
}
