package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Browser;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.LogCapture;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up log carries a sign-in link with a one-time code, never a token: the code is exchanged once for an
 * administrator token, by the API and by the dashboard in a real browser.
 */
class SignInCodeIT {

    private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/)#code=([A-Za-z0-9_-]+)");

    @TempDir
    Path dir;

    @Test
    void theLoggedLinkCarriesACodeThatIsExchangedOnceAndTheLogHoldsNoToken() {
        try (LogCapture log = new LogCapture();
             RunningService service = RunningService.start(RunningService.env(dir,
                     Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            String code = code(log);
            Http anonymous = service.http.as(null);
            assertThat(anonymous.post("/api/v1/auth/code", "{\"code\": \"not-the-code\"}").status()).isEqualTo(401);
            Http.Response exchanged = anonymous.post("/api/v1/auth/code", new JsonObject().put("code", code).encode());
            assertThat(exchanged.status()).isEqualTo(200);
            String token = exchanged.json().getString("token");
            assertThat(service.http.as(token).get("/api/v1/workshops").status()).isEqualTo(200);

            Http.Response again = anonymous.post("/api/v1/auth/code", new JsonObject().put("code", code).encode());
            assertThat(again.status()).as("a code works once").isEqualTo(401);
            assertThat(again.json().getString("detail")).contains("works once");
            assertThat(anonymous.post("/api/v1/auth/code", "{}").status()).isEqualTo(400);

            assertThat(log.lines()).noneMatch(line -> line.matches(".*eyJ[A-Za-z0-9_-]{10,}\\..*"));
        }
    }

    @Test
    void theDashboardSignsInWithTheLoggedLinkAndSaysWhyWhenItIsUsedAgain() {
        try (LogCapture log = new LogCapture();
             RunningService service = RunningService.start(RunningService.env(dir,
                     Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
             Browser browser = new Browser(1280, 800)) {
            Matcher link = link(log);
            browser.open(link.group(0));
            browser.waitFor(Duration.ofSeconds(15), d -> "connected".equals(browser.attribute("#connection", "data-state")));
            assertThat(browser.text("#session-user")).as("who is signed in, and as what").isEqualTo("admin · admin");
            assertThat(browser.script("return location.hash;")).as("the code left the address bar").isEqualTo("#/");

            // a new page, signed out, given the same link again
            browser.script("localStorage.clear();");
            browser.open("about:blank");
            browser.open(link.group(0));
            browser.waitFor(Duration.ofSeconds(15), d -> browser.text("[data-testid=sign-in]") != null
                    && browser.text("[data-testid=sign-in]").contains("works once"));
        }
    }

    private static String code(LogCapture log) {
        return link(log).group(2);
    }

    private static Matcher link(LogCapture log) {
        for (String line : log.lines()) {
            Matcher m = LINK.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no sign-in link in the log: " + log.lines());
    }
}
