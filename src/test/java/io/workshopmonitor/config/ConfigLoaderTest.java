package io.workshopmonitor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void defaultsRunEndpointModeWithEmbeddedDatabase() {
        AppConfig config = ConfigLoader.load(Map.of());
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.mqtt().port()).isEqualTo(1883);
        assertThat(config.management().port()).isEqualTo(9400);
        assertThat(config.database().url()).isEmpty();
        assertThat(config.mqtt().broker()).isEmpty();
        assertThat(config.mqtt().maxPayloadBytes()).isEqualTo(4096);
        assertThat(config.ingest().autoRegister()).isTrue();
    }

    @Test
    void environmentOverridesEveryDocumentedKey() {
        assertThat(ConfigLoader.envName("mqtt.brokerUrl")).isEqualTo("WM_MQTT_BROKER_URL");
        assertThat(ConfigLoader.envName("dataDir")).isEqualTo("WM_DATA_DIR");
        assertThat(ConfigLoader.envName("database.url")).isEqualTo("WM_DATABASE_URL");
        AppConfig config = ConfigLoader.load(Map.of(
                "WM_HTTP_PORT", "18080", "WM_MQTT_PORT", "11883", "WM_MANAGEMENT_PORT", "19400",
                "WM_DATA_DIR", "/tmp/wm-x", "WM_DATABASE_URL", "postgresql://u:p@db:5432/wm",
                "WM_MQTT_BROKER_URL", "tcp://broker:1884", "WM_MQTT_SHARED_GROUP", "wm",
                "WM_INGEST_AUTO_REGISTER", "false"));
        assertThat(config.http().port()).isEqualTo(18080);
        assertThat(config.mqtt().port()).isEqualTo(11883);
        assertThat(config.management().port()).isEqualTo(19400);
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/wm-x"));
        assertThat(config.database().url()).contains("postgresql://u:p@db:5432/wm");
        assertThat(config.mqtt().broker()).contains(new AppConfig.BrokerAddress("broker", 1884));
        assertThat(config.mqtt().subscriptionFilter()).isEqualTo("$share/wm/industries/#");
        assertThat(config.ingest().autoRegister()).isFalse();
    }

    @Test
    void aMisspeltVariableStopsStartUpNamingTheNearestKey() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_HTTP_PROT", "8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WM_HTTP_PROT: unknown variable; did you mean WM_HTTP_PORT?");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_DATABASE_UR", "x", "WM_MQTT_BROKER", "y")))
                .hasMessageContaining("WM_DATABASE_UR: unknown variable; did you mean WM_DATABASE_URL?")
                .hasMessageContaining("also unknown: WM_MQTT_BROKER");
    }

    @Test
    void variablesOutsideTheServicesNamespaceAndItsOwnExtrasAreLeftAlone() {
        assertThat(ConfigLoader.load(Map.of("HOME", "/root", "WMX_PORT", "1")).http().port()).isEqualTo(8080);
        assertThat(ConfigLoader.load(Map.of("WM_TEST_DATABASE_URL", "postgresql://x/y")).http().port()).isEqualTo(8080);
    }

    @Test
    void aListenerThatCannotBindNamesItsKeyAndPort() {
        ConfigException e = ConfigLoader.cannotListen("http.port", 8080, new java.net.BindException("Address already in use"));
        assertThat(e.getMessage()).isEqualTo("WM_HTTP_PORT (http.port): cannot listen on port 8080: Address already in use;"
                + " another process holds it, choose a free port");
    }

    @Test
    void editDistanceCountsSingleEdits() {
        assertThat(ConfigLoader.distance("WM_HTTP_PORT", "WM_HTTP_PROT")).isEqualTo(2);
        assertThat(ConfigLoader.distance("abc", "abc")).isZero();
        assertThat(ConfigLoader.distance("", "abc")).isEqualTo(3);
        assertThat(ConfigLoader.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(ConfigLoader.keys()).contains("http.port", "mqtt.brokerUrl", "database.url", "dataDir",
                "ingest.maxPending", "mqtt.maxPayloadBytes");
        assertThat(ConfigLoader.keys()).allSatisfy(key -> assertThat(ConfigLoader.envName(key)).matches("WM_[A-Z0-9_]+"));
    }

    @Test
    void badPortNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_MQTT_PORT", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("WM_MQTT_PORT (mqtt.port): \"abc\" is not a port number (1–65535)");
    }

    @Test
    void theManagementPortStaysOnLoopbackUnlessATokenGuardsIt() {
        assertThat(ConfigLoader.load(Map.of()).management().host()).isEqualTo("127.0.0.1");
        assertThat(ConfigLoader.load(Map.of("WM_MANAGEMENT_HOST", "::1")).management().host()).isEqualTo("::1");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_MANAGEMENT_HOST", "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WM_MANAGEMENT_HOST (management.host) is 0.0.0.0, reachable from other hosts")
                .hasMessageContaining("WM_MANAGEMENT_TOKEN");
        assertThat(ConfigLoader.load(Map.of("WM_MANAGEMENT_HOST", "0.0.0.0", "WM_MANAGEMENT_TOKEN", "s3cret"))
                .management().token()).contains("s3cret");
    }

    @Test
    void badBrokerUrlAndBooleanAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_MQTT_BROKER_URL", "http://x")))
                .hasMessageStartingWith("WM_MQTT_BROKER_URL (mqtt.brokerUrl)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_INGEST_AUTO_REGISTER", "yes")))
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_DATABASE_URL", "jdbc:postgresql://x/y")))
                .hasMessageStartingWith("WM_DATABASE_URL (database.url)")
                .hasMessageNotContaining("jdbc:postgresql://x/y");
    }

    @Test
    void unknownKeyInFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("custom.yaml");
        Files.writeString(file, "mqtt:\n  prot: 1884\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("WM_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.prot: unknown configuration key");
    }

    @Test
    void fileValuesApplyAndEnvironmentWinsOverThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("custom.yaml");
        Files.writeString(file, "http:\n  port: 8181\nmqtt:\n  topicPrefix: site/wm\n");
        AppConfig config = ConfigLoader.load(Map.of("WM_CONFIG", file.toString(), "WM_HTTP_PORT", "8282"));
        assertThat(config.http().port()).isEqualTo(8282);
        assertThat(config.mqtt().topicPrefix()).isEqualTo("site/wm");
    }
}
