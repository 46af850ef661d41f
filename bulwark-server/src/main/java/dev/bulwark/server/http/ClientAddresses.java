package dev.bulwark.server.http;

import dev.bulwark.server.config.AddressRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Works out who is really calling. Forwarded headers are believed only from the proxies the operator declared;
 * the client is the rightmost address in X-Forwarded-For that is not one of those proxies, since every address
 * to its left was written by someone the proxies do not vouch for.
 */
final class ClientAddresses {
    private final List<AddressRange> trustedProxies;

    ClientAddresses(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    String clientAddress(String peer, String forwardedFor) {
        if (!trusted(peer) || forwardedFor == null || forwardedFor.length() > 2_048) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!isLiteral(hop)) {
                return peer; // garbage in the header: fall back to what we know
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** Whether the request reached Bulwark's operator over TLS, directly or via a trusted proxy. */
    boolean secureTransport(boolean directTls, String peer, String forwardedProto) {
        return directTls || trusted(peer) && forwardedProto != null
                && "https".equals(forwardedProto.strip().toLowerCase(Locale.ROOT));
    }

    private boolean trusted(String address) {
        if (trustedProxies.isEmpty() || !isLiteral(address)) {
            return false;
        }
        InetAddress parsed = AddressRange.literal(address);
        return trustedProxies.stream().anyMatch(range -> range.contains(parsed));
    }

    private static boolean isLiteral(String text) {
        try {
            AddressRange.literal(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
