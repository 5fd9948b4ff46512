package io.workshopmonitor.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where a webhook may send: not to the service's own host or network (loopback, link-local such as a cloud's
 * metadata address 169.254.169.254, private, unique-local, shared carrier-grade NAT, multicast, unspecified), so
 * a manager's webhook cannot make the service post into places only it can reach; unless an administrator allows
 * a range ({@code alerts.webhookAllowedNetworks}). The adapters check every address a host name resolves to when
 * the webhook is saved and again at each delivery, which then goes to the address that was checked.
 */
public final class WebhookTargets {

    /** One CIDR range, e.g. 10.20.0.0/16 or fd00::/8. */
    public record Network(byte[] address, int prefix) {

        public static Network parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            try {
                if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException(cidr + " is not a network address");
                }
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException(cidr + ": the prefix must be 0 to " + address.length * 8);
                }
                return new Network(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(cidr + " is not a network like 10.20.0.0/16 or fd00::/8");
            }
        }

        public boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Network> INSIDE = List.of(Network.parse("0.0.0.0/8"), Network.parse("100.64.0.0/10"),
            Network.parse("192.0.0.0/24"), Network.parse("198.18.0.0/15"), Network.parse("240.0.0.0/4"),
            Network.parse("fc00::/7"), Network.parse("64:ff9b::/96"));

    private final List<Network> allowed;

    public WebhookTargets(List<Network> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why this URL can never be a webhook's (credentials in it, which would be stored and shown), or empty. */
    public static Optional<String> refusedUrl(URI uri) {
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials (user:password@); the webhook's secret signs each delivery");
        }
        return Optional.empty();
    }

    /** Why a webhook may not send to this address, or empty when it may. */
    public Optional<String> refused(InetAddress address) {
        InetAddress checked = unmapped(address);
        if (allowed.stream().anyMatch(network -> network.contains(checked))) {
            return Optional.empty();
        }
        String kind = checked.isLoopbackAddress() ? "a loopback address"
                : checked.isLinkLocalAddress() ? "a link-local address (such as a cloud metadata service)"
                : checked.isSiteLocalAddress() ? "a private address"
                : checked.isMulticastAddress() ? "a multicast address"
                : checked.isAnyLocalAddress() ? "the unspecified address"
                : INSIDE.stream().anyMatch(network -> network.contains(checked)) ? "a reserved or internal address"
                : null;
        return Optional.ofNullable(kind).map(k -> checked.getHostAddress() + " is " + k
                + ": webhooks may not reach the service's own networks (an administrator may allow a range in"
                + " alerts.webhookAllowedNetworks)");
    }

    /**
     * The address to deliver to, of those {@code host} resolved to: every one must be allowed, so a name with one
     * outside and one inside address cannot be used to slip in.
     */
    public InetAddress choose(String host, List<InetAddress> addresses) throws Refused {
        for (InetAddress address : addresses) {
            Optional<String> why = refused(address);
            if (why.isPresent()) {
                throw new Refused(host + " resolves to " + why.get().replaceFirst(" is ", ", "));
            }
        }
        if (addresses.isEmpty()) {
            throw new Refused(host + " resolves to no address");
        }
        return addresses.get(0);
    }

    /** An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** The target may not be sent to; the message says why. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
