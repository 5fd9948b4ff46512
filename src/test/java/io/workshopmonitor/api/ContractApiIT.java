package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContractApiIT {

    @TempDir
    Path dir;

    private static String counter(Instant ts, long seq, long good, String product) {
        return "{\"ts\":\"" + ts + "\",\"seq\":" + seq + ",\"good\":" + good + ",\"reject\":0,\"product\":\"" + product + "\"}";
    }

    @Test
    void contractCountsItsProductInItsWorkshopAndSaysWhereItStands() {
        Instant now = Instant.now();
        Instant sessionStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            service.http.put("/api/v1/workshops/MDI/print-2", io.workshopmonitor.live.LiveFiguresIntegrationTestSupport.workshop(sessionStart));
            MqttClient device = Devices.connect(service.mqttUri(), "press-gw");
            try {
                String topic = "industries/MDI/print-2/press-1/counter";
                Devices.publish(device, topic, counter(now.minusSeconds(1800), 1, 1000, "GC-A6"), 1);
                Devices.publish(device, topic, counter(now.minusSeconds(1200), 2, 1300, "GC-A6"), 1);
                Devices.publish(device, topic, counter(now.minusSeconds(600), 3, 1400, "OTHER"), 1);
                Devices.publish(device, topic, counter(now.minusSeconds(300), 4, 1450, "GC-A6"), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
            String body = new JsonObject().put("workshop", "MDI/print-2").put("customer", "Acme Cards")
                    .put("product", "GC-A6").put("quantity", 1000).put("start", today.minusDays(1).toString())
                    .put("due", today.plusDays(30).toString()).encode();
            Http.Response created = service.http.put("/api/v1/contracts/c-2026-0142", body);
            assertThat(created.status()).isEqualTo(201);
            JsonObject contract = created.json();
            assertThat(contract.getLong("produced")).isEqualTo(350);   // 300 + 50, the OTHER product's 100 left out
            assertThat(contract.getDouble("progress")).isEqualTo(0.35);
            assertThat(contract.getString("status")).isIn("ON_TRACK", "AT_RISK");
            assertThat(contract.getDouble("ratePerHour")).isPositive();
            assertThat(contract.getDouble("requiredPerHour")).isPositive();
            assertThat(contract.getString("projectedCompletion")).isNotNull();

            assertThat(service.http.put("/api/v1/contracts/c-2026-0142", body).status()).isEqualTo(200);
            assertThat(service.http.get("/api/v1/contracts/c-2026-0142").json().getLong("produced")).isEqualTo(350);
            assertThat(service.http.get("/api/v1/contracts?workshop=MDI/print-2").json().getJsonArray("contracts")).hasSize(1);
            assertThat(service.http.get("/api/v1/contracts?prison=LPI").json().getJsonArray("contracts")).isEmpty();

            String done = new JsonObject(body).put("quantity", 300).encode();
            assertThat(service.http.put("/api/v1/contracts/c-small", done).json().getString("status")).isEqualTo("COMPLETE");
            String late = new JsonObject(body).put("start", today.minusDays(10).toString())
                    .put("due", today.minusDays(2).toString()).encode();
            assertThat(service.http.put("/api/v1/contracts/c-late", late).json().getString("status")).isEqualTo("LATE");
        }
    }

    @Test
    void badContractsAreRefusedNamingTheField() {
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            JsonObject valid = new JsonObject().put("workshop", "MDI/textiles-1").put("customer", "Acme")
                    .put("product", "GC-A6").put("quantity", 10).put("start", "2026-11-01").put("due", "2026-11-30");
            Map<String, JsonObject> cases = Map.of(
                    "'workshop'", valid.copy().put("workshop", "nowhere"),
                    "'customer'", valid.copy().put("customer", ""),
                    "'product'", valid.copy().put("product", "a b"),
                    "'quantity'", valid.copy().put("quantity", 0),
                    "'due'", valid.copy().put("due", "2026-10-01"),
                    "'start'", valid.copy().put("start", "1/11/2026"));
            cases.forEach((field, body) -> {
                Http.Response response = service.http.put("/api/v1/contracts/c-1", body.encode());
                assertThat(response.status()).as(field).isEqualTo(400);
                assertThat(response.json().getString("detail")).as(field).contains(field);
            });
            Http.Response unknown = service.http.put("/api/v1/contracts/c-1", valid.copy().put("workshop", "MDI/none").encode());
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().getString("detail")).contains("not configured");
            assertThat(service.http.put("/api/v1/contracts/Bad_Id", valid.encode()).status()).isEqualTo(400);
            assertThat(service.http.get("/api/v1/contracts/c-none").status()).isEqualTo(404);
        }
    }
}
