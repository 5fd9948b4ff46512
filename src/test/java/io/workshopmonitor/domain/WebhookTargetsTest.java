package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTargetsTest {

    private final WebhookTargets none = new WebhookTargets(List.of());

    @Test
    void everyAddressInsideTheServicesNetworksIsRefusedWithWhatItIs() throws Exception {
        assertThat(none.refused(ip("127.0.0.1"))).get().asString().contains("loopback");
        assertThat(none.refused(ip("::1"))).get().asString().contains("loopback");
        assertThat(none.refused(ip("169.254.169.254"))).get().asString().contains("link-local");
        assertThat(none.refused(ip("fe80::1"))).get().asString().contains("link-local");
        for (String inside : List.of("10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1")) {
            assertThat(none.refused(ip(inside))).as(inside).get().asString().contains("private");
        }
        assertThat(none.refused(ip("224.0.0.251"))).get().asString().contains("multicast");
        assertThat(none.refused(ip("0.0.0.0"))).get().asString().contains("unspecified");
        for (String reserved : List.of("100.64.0.1", "fd00::1", "198.18.0.1", "0.1.2.3", "64:ff9b::7f00:1")) {
            assertThat(none.refused(ip(reserved))).as(reserved).isPresent();
        }
        assertThat(none.refused(ip("::ffff:127.0.0.1"))).as("IPv4 loopback written as IPv6").get().asString()
                .startsWith("127.0.0.1 is a loopback address");
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String outside : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "100.128.0.1")) {
            assertThat(none.refused(ip(outside))).as(outside).isEmpty();
        }
    }

    @Test
    void anAdministratorMayAllowARangeAndOnlyThatRange() throws Exception {
        WebhookTargets allowing = new WebhookTargets(List.of(WebhookTargets.Network.parse("10.20.0.0/16"),
                WebhookTargets.Network.parse("fd00:1::/32")));
        assertThat(allowing.refused(ip("10.20.3.4"))).isEmpty();
        assertThat(allowing.refused(ip("10.21.0.1"))).isPresent();
        assertThat(allowing.refused(ip("fd00:1::5"))).isEmpty();
        assertThat(allowing.refused(ip("fd00:2::5"))).isPresent();
        assertThat(allowing.refused(ip("127.0.0.1"))).isPresent();
    }

    @Test
    void aNameWithOneInsideAddressAmongOutsideOnesIsRefused() throws Exception {
        assertThatThrownBy(() -> none.choose("rebind.example", List.of(ip("93.184.216.34"), ip("127.0.0.1"))))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessage("rebind.example resolves to 127.0.0.1, a loopback address: webhooks may not reach the"
                        + " service's own networks (an administrator may allow a range in alerts.webhookAllowedNetworks)");
        assertThat(none.choose("hooks.example", List.of(ip("93.184.216.34"), ip("8.8.8.8")))).isEqualTo(ip("93.184.216.34"));
        assertThatThrownBy(() -> none.choose("nowhere.example", List.of())).hasMessageContaining("no address");
    }

    @Test
    void credentialsInAUrlAreRefusedAndBadRangesNamed() {
        assertThat(WebhookTargets.refusedUrl(URI.create("https://user:secret@hooks.example/x"))).isPresent();
        assertThat(WebhookTargets.refusedUrl(URI.create("https://hooks.example/x"))).isEmpty();
        assertThatThrownBy(() -> WebhookTargets.Network.parse("10.0.0.0/33")).hasMessageContaining("prefix must be 0 to 32");
        assertThatThrownBy(() -> WebhookTargets.Network.parse("intranet.example/8")).hasMessageContaining("not a network address");
        assertThat(WebhookTargets.Network.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
