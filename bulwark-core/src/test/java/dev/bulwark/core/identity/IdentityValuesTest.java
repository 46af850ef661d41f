package dev.bulwark.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityValuesTest {

    @Test
    void whenUsernamesDifferOnlyInCaseThenKeysEqual() {
        assertThat(Username.of("Alice").key()).isEqualTo(Username.of("aLICE").key());
        assertThat(Username.of("Stra\u00dfe").key()).isEqualTo(Username.of("STRASSE").key());
    }

    @Test
    void whenUsernameInCompatibilityFormThenNormalisedToNfkc() {
        // Fullwidth "Ａｌｉｃｅ" is the same username as "Alice".
        Username fullwidth = Username.of("\uff21\uff4c\uff49\uff43\uff45");

        assertThat(fullwidth.value()).isEqualTo("Alice");
        assertThat(fullwidth.key()).isEqualTo(Username.of("alice").key());
    }

    @Test
    void whenDefaultLocaleIsTurkishThenKeysStillMatch() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertThat(Username.of("ISTANBUL").key()).isEqualTo(Username.of("istanbul").key());
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\there", "semi;colon", "new\nline", "<script>", "bob@example.com"})
    void whenUsernameHasForbiddenCharactersThenRefused(String username) {
        assertThatThrownBy(() -> Username.of(username)).isInstanceOf(DomainException.class);
    }

    @Test
    void whenUsernameTooLongThenRefusedWithSpecificMessage() {
        assertThatThrownBy(() -> Username.of("a".repeat(65))).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.violations()).singleElement().extracting("code").isEqualTo("username_length"));
        assertThat(Username.of("é".repeat(64)).value()).hasSize(64);
    }

    @Test
    void whenReadFromStorageThenNotValidatedAgain() {
        // Rules may tighten after a value was stored; stored values must still load.
        assertThat(Username.fromStorage("legacy@name").key()).isEqualTo("legacy@name");
        assertThat(EmailAddress.fromStorage("x@y.z").value()).isEqualTo("x@y.z");
    }

    @Test
    void whenEmailsDifferOnlyInCaseThenKeysEqual() {
        assertThat(EmailAddress.of("Alice@Example.COM").key()).isEqualTo(EmailAddress.of("alice@example.com").key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@b", "a@@b.com", "a b@c.com", "a@b..com", "a@b.c", "<a@b.com>"})
    void whenEmailMalformedThenRefused(String email) {
        assertThatThrownBy(() -> EmailAddress.of(email)).isInstanceOf(DomainException.class);
    }

    @Test
    void whenEmailOverLengthLimitsThenRefused() {
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> EmailAddress.of("a@" + "b".repeat(250) + ".com")).isInstanceOf(DomainException.class);
        assertThat(EmailAddress.of("jos\u00e9@b\u00fccher.example").value()).isEqualTo("jos\u00e9@b\u00fccher.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "+447911123456", "+491234"})
    void whenPhoneIsE164ThenAccepted(String phone) {
        assertThat(PhoneNumber.of(phone).value()).isEqualTo(phone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4155550123", "+0123456", "+1 415 555 0123", "+1234567890123456", "+1", "+1-415"})
    void whenPhoneNotE164ThenRefused(String phone) {
        assertThatThrownBy(() -> PhoneNumber.of(phone)).isInstanceOf(DomainException.class)
                .hasMessageContaining("E.164");
    }

    @Test
    void whenUserIdNotCanonicalThenRefused() {
        UserId id = UserId.random();
        assertThat(UserId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> UserId.parse("not-a-uuid")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> UserId.parse("1-1-1-1-1")).isInstanceOf(DomainException.class);
    }
}
