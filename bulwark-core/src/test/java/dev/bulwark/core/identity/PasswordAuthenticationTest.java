package dev.bulwark.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.PasswordVerification.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordAuthenticationTest {
    private static final String GOOD = "violet tractor sings under 7 moons";
    private final IdentityFixture f = new IdentityFixture();
    private User alice;

    @BeforeEach
    void alice() {
        alice = f.accounts.create(new NewUser(Username.of("Alice"), Optional.of(EmailAddress.of("alice@example.com")),
                Optional.empty(), Set.of()), Optional.of(Password.of(GOOD)), false, Actor.SYSTEM);
        f.argon2.reset();
    }

    @Test
    void whenRightPasswordThenVerifiedByUsernameInAnyCaseOrByEmail() {
        assertThat(f.authentication.verify("alice", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).user()).contains(alice);
        assertThat(f.authentication.verify("ALICE", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(Outcome.VERIFIED);
        assertThat(f.authentication.verify("Alice@Example.com", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(Outcome.VERIFIED);
        assertThat(f.auditLog.all()).last().extracting(AuditRecord::type).isEqualTo("credential.verified");
    }

    @Test
    void whenAnythingIsWrongThenTheSameRefusalAfterTheSameWork() {
        User disabled = f.accounts.create(NewUser.named(Username.of("bob")), Optional.of(Password.of(GOOD)), false,
                Actor.SYSTEM);
        f.accounts.disable(disabled.id(), Actor.SYSTEM);
        f.accounts.create(NewUser.named(Username.of("nopassword")), Optional.empty(), false, Actor.SYSTEM);
        f.argon2.reset();

        var refusals = java.util.List.of(
                f.authentication.verify("alice", Password.of("wrong password entirely"), java.util.Optional.empty(), Actor.ANONYMOUS),
                f.authentication.verify("nobody", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS),
                f.authentication.verify("bob", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS),
                f.authentication.verify("nopassword", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS),
                f.authentication.verify("not a valid username!", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS),
                f.authentication.verify("", Password.of(""), java.util.Optional.empty(), Actor.ANONYMOUS));

        assertThat(refusals).allSatisfy(r -> assertThat(r).isSameAs(PasswordVerification.REFUSED));
        // One Argon2id computation at the configured parameters on every path: no timing difference to measure.
        assertThat(f.argon2.calls()).hasSize(refusals.size()).containsOnly(IdentityFixture.CHEAP);
    }

    @Test
    void whenRefusedThenAuditSaysWhyButNotWhatWasTyped() {
        f.authentication.verify("nobody-but-my-secret-guess", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS);
        f.authentication.verify("alice", Password.of("wrong password entirely"), java.util.Optional.empty(), Actor.ANONYMOUS);

        var records = f.auditLog.all();
        AuditRecord unknown = records.get(records.size() - 2);
        AuditRecord wrong = records.get(records.size() - 1);
        assertThat(unknown.details()).contains("unknown_account").doesNotContain("nobody");
        assertThat(unknown.subject()).isEmpty();
        assertThat(wrong.details()).contains("wrong_secret");
        assertThat(wrong.subject()).isEqualTo(alice.id().toString());
        assertThat(records).allSatisfy(r -> assertThat(r.toString()).doesNotContain(GOOD).doesNotContain("wrong password"));
    }

    @Test
    void whenParametersChangedThenHashUpgradedAtSuccessfulSignIn() {
        var stronger = new Argon2Parameters(128, 2, 1);
        PasswordAuthentication upgraded = f.authenticationWith(stronger);

        assertThat(upgraded.verify("alice", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();

        assertThat(f.passwords.find(alice.id()).orElseThrow().hash().parameters()).isEqualTo(stronger);
        assertThat(f.auditLog.all()).extracting(AuditRecord::type).contains("password.rehashed");
        assertThat(upgraded.verify("alice", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();
    }

    @Test
    void whenWrongPasswordUnderOldParametersThenNoUpgrade() {
        PasswordAuthentication upgraded = f.authenticationWith(new Argon2Parameters(128, 2, 1));

        upgraded.verify("alice", Password.of("wrong password entirely"), java.util.Optional.empty(), Actor.ANONYMOUS);

        assertThat(f.passwords.find(alice.id()).orElseThrow().hash().parameters()).isEqualTo(IdentityFixture.CHEAP);
    }

    @Test
    void whenPasswordOlderThanMaxAgeThenChangeRequired() {
        var policy = new PasswordPolicy(12, 128, 3, PasswordBlocklist.EMPTY, Duration.ofDays(90), 0);
        var g = new IdentityFixture(IdentityFixture.CHEAP, policy);
        g.accounts.create(NewUser.named(Username.of("carol")), Optional.of(Password.of(GOOD)), false, Actor.SYSTEM);

        assertThat(g.authentication.verify("carol", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(Outcome.VERIFIED);
        g.clock.advance(Duration.ofDays(90));
        assertThat(g.authentication.verify("carol", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(Outcome.CHANGE_REQUIRED);
    }

    @Test
    void whenOneTimePasswordRightThenChangeRequiredAndSignInNotAllowed() {
        User admin = f.accounts.createBootstrapAdministrator(Username.of("admin"), Password.of(GOOD)).orElseThrow();

        PasswordVerification result = f.authentication.verify("admin", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS);

        assertThat(result.user()).contains(admin);
        assertThat(result.changeRequired()).isTrue();
        assertThat(result.signInAllowed()).isFalse();
    }

    @Test
    void whenPasswordChangedBetweenVerifyAndRehashThenTheNewPasswordWins() {
        var stale = f.passwords.find(alice.id()).orElseThrow();
        f.accounts.setPassword(alice.id(), Password.of("quiet lanterns drift past copper hills"), false, Actor.SYSTEM);

        boolean replaced = f.passwords.replaceIfUnchanged(stale, new PasswordCredential(alice.id(),
                f.hasher.hash(Password.of(GOOD)), stale.changedAt(), false));

        assertThat(replaced).isFalse();
        assertThat(f.authentication.verify("alice", Password.of("quiet lanterns drift past copper hills"),
                java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();
    }

    @Test
    void whenNoMaxAgeThenOldPasswordStillVerified() {
        f.clock.advance(Duration.ofDays(3650));

        assertThat(f.authentication.verify("alice", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(Outcome.VERIFIED);
    }
}
