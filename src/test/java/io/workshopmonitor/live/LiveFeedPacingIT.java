package io.workshopmonitor.live;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While every workshop's figures change all the time, a screen watching a prison gets each workshop's figures
 * once a second (never two in a burst), and the workshops' turns are spread over the second rather than all
 * sent at one instant.
 */
class LiveFeedPacingIT {

    private static final int WORKSHOPS = 10;

    @TempDir
    Path dir;

    @Test
    void eachWorkshopComesOnceASecondAndTheWorkshopsAreSpreadOverTheSecond() throws Exception {
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            for (int w = 0; w < WORKSHOPS; w++) {
                service.configureWorkshop("MDI", "w-" + w, "st-0");
            }
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread publisher = new Thread(() -> Devices.publishToWorkshops(service.mqttUri(), "pacing-gw", WORKSHOPS, 1,
                    20, publishing));
            publisher.start();
            Map<String, List<Long>> arrivals = new HashMap<>();
            try (FeedClient feed = service.feed()) {
                feed.send("{\"subscribe\": [\"MDI/*\"]}");
                long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < until) {
                    JsonObject kpi = feed.next(m -> "kpi".equals(m.getString("type")), Duration.ofSeconds(5));
                    arrivals.computeIfAbsent(kpi.getString("workshop"), k -> new ArrayList<>()).add(System.nanoTime() / 1_000_000);
                }
            } finally {
                publishing.set(false);
                publisher.join();
            }

            assertThat(arrivals).as("every workshop's figures arrive").hasSize(WORKSHOPS);
            Set<Long> tenthsOfTheSecond = new HashSet<>();
            long first = arrivals.values().stream().mapToLong(times -> times.get(0)).min().orElseThrow();
            arrivals.forEach((workshop, times) -> {
                assertThat(times).as(workshop + ": a message about each second").hasSizeBetween(4, 7);
                for (int i = 1; i < times.size(); i++) {
                    // the service keeps 900 ms at least; the rest is the client's own scheduling
                    assertThat(times.get(i) - times.get(i - 1)).as(workshop + ": time between two messages")
                            .isGreaterThan(800);
                }
                times.forEach(t -> tenthsOfTheSecond.add(Math.floorMod(t - first, 1000L) / 100));
            });
            assertThat(tenthsOfTheSecond).as("tenths of the second in which some workshop's figures arrive")
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
