package dev.bulwark.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An IP address or a CIDR range of them, such as {@code 10.0.0.0/8} or {@code ::1}. Parsing never touches DNS. */
public final class AddressRange {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private AddressRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code text} is neither an IP literal nor a CIDR range */
    public static AddressRange parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not an IP address or CIDR range");
        }
        InetAddress address = literal(parts[0]);
        int maxBits = address.getAddress().length * 8;
        int bits = maxBits;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length");
            }
            if (bits < 0 || bits > maxBits) {
                throw new IllegalArgumentException("CIDR prefix length out of range");
            }
        }
        return new AddressRange(address.getAddress(), bits, text.strip());
    }

    /**
     * Parses an IP literal. Anything else is refused rather than looked up: the JDK would send a string such as
     * {@code 999.1.1.1} or {@code proxy.example} to DNS, and these strings can come from request headers.
     */
    public static InetAddress literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                byte[] octets = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        throw new IllegalArgumentException("not an IP address");
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
                return InetAddress.getByName(text); // contains ':', so the JDK parses it as IPv6 and never resolves
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new IllegalArgumentException("not an IP address");
    }

    /** Whether this range is every address of its family, as {@code 0.0.0.0/0} is. */
    public boolean isEverything() {
        return prefixBits == 0;
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixBits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainder = prefixBits % 8;
        if (remainder == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainder)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
