package dev.bulwark.core.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Caseless matching keys (Unicode "compatibility caseless match", approximated with the JDK): NFKC, then a
 * lower-upper-lower round trip so that, for example, "Straße" and "STRASSE" share a key, then NFKC again.
 * Locale-independent, so a Turkish default locale cannot split "I" from "i".
 */
final class CaseFold {
    private CaseFold() {
    }

    static String key(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String folded = nfkc.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
