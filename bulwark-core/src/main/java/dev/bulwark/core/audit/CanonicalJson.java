package dev.bulwark.core.audit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a flat map of strings as one canonical JSON object: keys sorted, no whitespace, only the escapes
 * RFC 8259 requires. The same map always gives the same text, so the text can be MACed and stored as is.
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static String write(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (var entry : new TreeMap<>(values).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey());
            out.append(':');
            string(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
