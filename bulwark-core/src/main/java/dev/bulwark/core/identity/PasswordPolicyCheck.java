package dev.bulwark.core.identity;

import com.nulabinc.zxcvbn.Pattern;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import dev.bulwark.core.KeptWhileUsed;
import dev.bulwark.core.Violation;
import dev.bulwark.core.crypto.Password;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks a candidate password against a {@link PasswordPolicy} and returns every violation, each with a
 * specific message for the user. Stateless apart from zxcvbn's dictionaries: about 8 MiB of heap, a third of a
 * running server's live data, needed only when someone sets a password. They load on first use and are dropped
 * when {@link #dropDictionariesIfIdle()}, called once a minute, finds them unused (loading them again takes tens
 * of milliseconds).
 */
public final class PasswordPolicyCheck {
    /** zxcvbn's matching grows faster than linearly; beyond this many characters it adds nothing. */
    private static final int STRENGTH_INPUT_LIMIT = 100;
    private static final int SHORTEST_CONTEXT = 3;
    private static final String FIELD = "password";

    private final PasswordPolicy policy;
    private final KeptWhileUsed<Zxcvbn> zxcvbn = new KeptWhileUsed<>(Zxcvbn::new);

    public PasswordPolicyCheck(PasswordPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public PasswordPolicy policy() {
        return policy;
    }

    /** Drops the dictionaries when no password was checked since the previous call; call it once a minute. */
    public void dropDictionariesIfIdle() {
        zxcvbn.sweep();
    }

    /** Whether the dictionaries are in memory now. */
    boolean holdsDictionaries() {
        return zxcvbn.isHeld();
    }

    /**
     * @param context words the password must not be built on: the username, email address, app name
     * @return the violations; empty when the password is acceptable
     */
    public List<Violation> violations(Password password, List<String> context) {
        List<Violation> violations = new ArrayList<>();
        int length = password.length();
        if (length < policy.minLength()) {
            violations.add(new Violation(FIELD, "too_short", "Use at least " + policy.minLength() + " characters."));
        }
        if (length > policy.maxLength()) {
            violations.add(new Violation(FIELD, "too_long", "Use at most " + policy.maxLength() + " characters."));
            return violations; // the remaining checks are pointless and costly on an oversize input
        }
        List<String> contextWords = contextWords(context);
        String lower = password.reveal().toLowerCase(Locale.ROOT);
        if (contextWords.stream().anyMatch(lower::contains)) {
            violations.add(new Violation(FIELD, "contains_context",
                    "Don't use your username, email address or the app's name in your password."));
        }
        Strength strength = zxcvbn.get().measure(truncated(password.reveal()), contextWords);
        if (policy.blocklist().contains(password) || isDictionaryWord(strength, password.reveal())) {
            violations.add(new Violation(FIELD, "blocklisted",
                    "This password is on a list of common or breached passwords. Choose another."));
        } else if (strength.getScore() < policy.minScore()) {
            violations.add(new Violation(FIELD, "too_weak", weaknessMessage(strength)));
        }
        return violations;
    }

    private static String truncated(String password) {
        int end = password.offsetByCodePoints(0, Math.min(STRENGTH_INPUT_LIMIT, password.codePointCount(0, password.length())));
        return password.substring(0, end);
    }

    /** The whole password is one dictionary entry, possibly reversed or with l33t substitutions. */
    private static boolean isDictionaryWord(Strength strength, String password) {
        List<Match> sequence = strength.getSequence();
        if (sequence.size() != 1) {
            return false;
        }
        Match match = sequence.get(0);
        return match.pattern == Pattern.Dictionary && match.i == 0 && match.j == password.length() - 1
                && !"user_inputs".equals(match.dictionaryName);
    }

    private static String weaknessMessage(Strength strength) {
        String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
        StringBuilder message = new StringBuilder("This password is too easy to guess.");
        if (warning != null && !warning.isBlank()) {
            message.append(' ').append(warning.strip());
            if (!warning.strip().endsWith(".")) {
                message.append('.');
            }
        }
        message.append(" Add more words or characters that are hard to predict.");
        return message.toString();
    }

    /** The username, the parts of the email address and the app name, lower-cased, long enough to matter. */
    private static List<String> contextWords(List<String> context) {
        List<String> words = new ArrayList<>();
        for (String item : context) {
            if (item == null) {
                continue;
            }
            String lower = Password.of(item).reveal().toLowerCase(Locale.ROOT);
            words.add(lower);
            int at = lower.indexOf('@');
            if (at > 0) {
                words.add(lower.substring(0, at));
            }
        }
        return words.stream().filter(word -> word.codePointCount(0, word.length()) >= SHORTEST_CONTEXT)
                .distinct().toList();
    }
}
