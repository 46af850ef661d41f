package dev.bulwark.core.protection;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The network a source address is throttled as: an IPv4 address is itself; an IPv6 address is its /64 (an
 * IPv4-mapped one is its IPv4 address). Anything that is not an IP literal is kept as it is.
 */
final class SourceNetwork {
    /** Only hex digits, colons, dots and a zone: an IPv6 literal, which is parsed without any name lookup. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[\\w.\\-]+)?]?");

    private SourceNetwork() {
    }

    static String of(String address) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return address;
        }
        String literal = address.replace("[", "").replace("]", "");
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal); // a literal: no lookup happens
            if (parsed instanceof Inet4Address mapped) {
                return mapped.getHostAddress(); // ::ffff:a.b.c.d arrives as IPv4
            }
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                StringBuilder network = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return network.append(":/64").toString();
            }
            return address;
        } catch (UnknownHostException notALiteral) {
            return address;
        }
    }
}
