package dev.bulwark.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Violation;
import dev.bulwark.core.crypto.Password;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PasswordPolicyCheckTest {
    private static final String STRONG = "violet tractor sings under 7 moons";
    private final PasswordPolicyCheck check = new PasswordPolicyCheck(PasswordPolicy.DEFAULT);

    private List<String> codes(PasswordPolicyCheck policy, String password, String... context) {
        return policy.violations(Password.of(password), List.of(context)).stream().map(Violation::code).toList();
    }

    @Test
    void whenStrongPassphraseThenAccepted() {
        assertThat(check.violations(Password.of(STRONG), List.of("alice", "alice@example.com"))).isEmpty();
    }

    @Test
    void whenIdleForAWholeIntervalThenTheDictionariesAreDroppedAndTheNextCheckJudgesTheSame() {
        var fresh = new PasswordPolicyCheck(PasswordPolicy.DEFAULT);
        assertThat(fresh.holdsDictionaries()).isFalse(); // nothing loads until a password is checked

        assertThat(codes(fresh, "1qaz2wsx3edc")).contains("blocklisted");
        fresh.dropDictionariesIfIdle(); // used since the last call: kept
        assertThat(fresh.holdsDictionaries()).isTrue();
        fresh.dropDictionariesIfIdle(); // idle for an interval: dropped
        assertThat(fresh.holdsDictionaries()).isFalse();

        assertThat(codes(fresh, "1qaz2wsx3edc")).contains("blocklisted");
        assertThat(fresh.violations(Password.of(STRONG), List.of())).isEmpty();
        assertThat(fresh.holdsDictionaries()).isTrue();
    }

    @Test
    void whenShorterThanMinimumThenTooShortWithTheNumber() {
        List<Violation> violations = check.violations(Password.of("Tr0ub4dor&3"), List.of());

        assertThat(violations).extracting(Violation::code).contains("too_short");
        assertThat(violations).filteredOn(v -> v.code().equals("too_short")).singleElement()
                .extracting(Violation::message).isEqualTo("Use at least 12 characters.");
    }

    @Test
    void whenLongerThanMaximumThenTooLongAndNothingElse() {
        assertThat(codes(check, "x".repeat(129))).containsExactly("too_long");
    }

    @Test
    void whenLengthCountedThenCodePointsNotChars() {
        // 12 emoji are 24 UTF-16 chars but 12 characters: long enough.
        String emoji = "\ud83d\udc3b\ud83c\udf35\ud83d\ude80\ud83c\udfb8\ud83e\udd51\ud83d\udc19"
                + "\ud83c\udf0b\ud83e\uddca\ud83d\udc7e\ud83c\udfb2\ud83e\udd84\ud83d\udc22";
        assertThat(codes(check, emoji)).doesNotContain("too_short");
        assertThat(codes(check, emoji.substring(0, 22))).contains("too_short");
    }

    @Test
    void whenCommonPasswordThenBlocklisted() {
        assertThat(codes(check, "passwordpassword")).containsAnyOf("blocklisted", "too_weak");
        assertThat(codes(check, "1qaz2wsx3edc")).contains("blocklisted");
        assertThat(codes(check, "trustno1trustno1")).isNotEmpty();
    }

    @Test
    void whenOperatorBlocklistHasPasswordThenBlocklistedCaseInsensitively() {
        var blocklist = PasswordBlocklist.fromLines(Stream.of("# breached", "", "Violet Tractor Sings Under 7 Moons"));
        var policy = new PasswordPolicyCheck(new PasswordPolicy(12, 128, 3, blocklist, Duration.ZERO, 0));

        assertThat(codes(policy, STRONG)).containsExactly("blocklisted");
    }

    @Test
    void whenOperatorBlocklistHasSha1OfPasswordThenBlocklisted() {
        // SHA-1 of STRONG, upper-case hex, in the "Have I Been Pwned" HASH:count form.
        String sha1 = sha1(STRONG);
        var blocklist = PasswordBlocklist.fromLines(Stream.of(sha1 + ":42"));
        var policy = new PasswordPolicyCheck(new PasswordPolicy(12, 128, 3, blocklist, Duration.ZERO, 0));

        assertThat(blocklist.size()).isEqualTo(1);
        assertThat(codes(policy, STRONG)).containsExactly("blocklisted");
        assertThat(codes(policy, STRONG + "!")).isEmpty();
    }

    @Test
    void whenTheOperatorsListIsLongerThanMemoryShouldHoldThenRefusedAsItIsRead() {
        var list = java.util.stream.IntStream.range(0, WordList.MOST_ENTRIES + 1).mapToObj(i -> "word" + i);

        assertThatThrownBy(() -> PasswordBlocklist.fromLines(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("more than 100000 entries");
        assertThat(PasswordBlocklist.fromLines(java.util.stream.IntStream.range(0, WordList.MOST_ENTRIES)
                .mapToObj(i -> "word" + i)).size()).isEqualTo(WordList.MOST_ENTRIES);
    }

    @Test
    void whenEitherOfTwoListsHasThePasswordThenBlocklisted() {
        var both = PasswordBlocklist.anyOf(List.of(PasswordBlocklist.fromLines(Stream.of("one")),
                PasswordBlocklist.fromLines(Stream.of(sha1(STRONG)))));

        assertThat(both.contains(Password.of(STRONG))).isTrue();
        assertThat(both.contains(Password.of("ONE"))).isTrue();
        assertThat(both.contains(Password.of("two"))).isFalse();
        assertThat(both.size()).isEqualTo(2);
    }

    @Test
    void whenPasswordContainsUsernameOrEmailThenContextViolation() {
        assertThat(codes(check, "Bartholomew violet tractor", "bartholomew")).contains("contains_context");
        assertThat(codes(check, "zanzibar-quokka-" + STRONG, "someone", "zanzibar-quokka@example.com"))
                .contains("contains_context");
    }

    @Test
    void whenGuessableThenTooWeakWithSpecificAdvice() {
        List<Violation> violations = check.violations(Password.of("aaaaaaaaaaaaaaaa"), List.of());

        assertThat(violations).extracting(Violation::code).containsAnyOf("too_weak", "blocklisted");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain("aaaa"));
    }

    @Test
    void whenScoreThresholdLoweredThenWeakerPasswordAccepted() {
        var lenient = new PasswordPolicyCheck(new PasswordPolicy(12, 128, 0, PasswordBlocklist.EMPTY, Duration.ZERO, 0));

        assertThat(codes(lenient, "abcdefgh1234")).isEmpty();
        assertThat(codes(check, "abcdefgh1234")).contains("too_weak");
    }

    @Test
    void whenPolicyBelowNistFloorThenRejectedAtConstruction() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new PasswordPolicy(12, 32, 3, PasswordBlocklist.EMPTY, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
