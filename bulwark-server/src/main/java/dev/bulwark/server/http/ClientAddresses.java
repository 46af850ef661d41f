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

    /** Stands for a client whose address cannot be known; it is no IP literal, so no address range matches it. */
    static final String UNKNOWN = "unknown";
    private static final int LONGEST_FORWARDED_FOR = 2_048;

    /**
     * @param forwardedFor every X-Forwarded-For header line, in order (a client may send its own line ahead of
     *                     the proxy's)
     */
    String clientAddress(String peer, List<String> forwardedFor) {
        if (!trusted(peer) || forwardedFor.isEmpty()) {
            return peer; // not from a proxy we trust, or from the proxy itself
        }
        String joined = String.join(",", forwardedFor);
        if (joined.length() > LONGEST_FORWARDED_FOR) {
            return UNKNOWN;
        }
        String[] hops = joined.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!isLiteral(hop)) {
                return UNKNOWN; // something unparseable sits where a client address should be
            }
            if (!trusted(hop) || i == 0) {
                return hop;
            }
        }
        return UNKNOWN;
    }

    /** Whether {@code client} is an address inside one of {@code ranges}; an unknown client is in none. */
    static boolean within(String client, List<AddressRange> ranges) {
        if (!isLiteral(client)) {
            return false;
        }
        InetAddress address = AddressRange.literal(client);
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** Whether the request reached Bulwark's operator over TLS, directly or via a trusted proxy. */
    boolean secureTransport(boolean directTls, String peer, String forwardedProto) {
        return directTls || trusted(peer) && forwardedProto != null
                && "https".equals(forwardedProto.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether {@code peer} is one of the declared proxies. */
    boolean isTrustedProxy(String peer) {
        return trusted(peer);
    }

    private boolean trusted(String address) {
        return !trustedProxies.isEmpty() && within(address, trustedProxies);
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
