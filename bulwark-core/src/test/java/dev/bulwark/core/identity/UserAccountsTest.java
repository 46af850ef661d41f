package dev.bulwark.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Violation;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserAccountsTest {
    private static final String GOOD = "violet tractor sings under 7 moons";
    private static final String OTHER = "quiet lanterns drift past copper hills";
    private final IdentityFixture f = new IdentityFixture();
    private final Actor operator = Actor.cli("root");

    private User create(String username, String email) {
        var request = new NewUser(Username.of(username), Optional.ofNullable(email).map(EmailAddress::of),
                Optional.empty(), Set.of());
        return f.accounts.create(request, Optional.of(Password.of(GOOD)), false, operator);
    }

    @Test
    void whenCreatedThenStoredActiveWithHashedPasswordAndAudited() {
        User user = create("alice", "alice@example.com");

        assertThat(f.users.findById(user.id())).contains(user);
        assertThat(user.isActive()).isTrue();
        assertThat(f.passwords.find(user.id())).get().satisfies(c -> {
            assertThat(c.hash().encoded()).startsWith("$argon2id$").doesNotContain(GOOD);
            assertThat(c.mustChange()).isFalse();
        });
        assertThat(f.auditLog.all()).extracting(AuditRecord::type).containsExactly("user.created", "password.changed");
        assertThat(f.auditLog.all()).allSatisfy(r -> assertThat(r.actor()).isEqualTo("cli:root"));
    }

    @Test
    void whenUsernameTakenInAnyCaseThenConflictAndNothingChanged() {
        create("alice", null);
        int auditBefore = f.auditLog.all().size();

        assertThatThrownBy(() -> create("ALICE", null)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(f.users.list(0, 10)).hasSize(1);
        assertThat(f.auditLog.all()).hasSize(auditBefore);
    }

    @Test
    void whenEmailTakenInAnyCaseThenConflict() {
        create("alice", "alice@example.com");

        assertThatThrownBy(() -> create("bob", "Alice@Example.com")).isInstanceOf(DomainException.class);
    }

    @Test
    void whenPasswordBreaksPolicyThenEveryViolationReportedAndNoUserCreated() {
        var request = NewUser.named(Username.of("carol"));

        assertThatThrownBy(() -> f.accounts.create(request, Optional.of(Password.of("carol123")), false, operator))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PASSWORD_POLICY);
                    assertThat(e.violations()).extracting(Violation::code).contains("too_short", "contains_context");
                    assertThat(e.getMessage()).doesNotContain("carol123");
                });
        assertThat(f.users.findByUsername(Username.of("carol"))).isEmpty();
        assertThat(f.auditLog.all()).isEmpty();
    }

    @Test
    void whenBootstrapAdministratorCreatedThenAdminWithOneTimePasswordOnce() {
        Optional<User> admin = f.accounts.createBootstrapAdministrator(Username.of("admin"), Password.of(GOOD));

        assertThat(admin).get().satisfies(a -> assertThat(a.hasRole(Role.ADMIN)).isTrue());
        assertThat(f.accounts.passwordStatus(admin.get().id())).get().extracting(PasswordStatus::mustChange).isEqualTo(true);
        assertThat(f.accounts.createBootstrapAdministrator(Username.of("admin2"), Password.of(GOOD))).isEmpty();
        assertThat(f.auditLog.all().get(1).details()).contains("bootstrap");
    }

    @Test
    void whenDisabledThenStatusChangesOnceAndIsAudited() {
        User user = create("dave", null);

        f.accounts.disable(user.id(), operator);
        f.accounts.disable(user.id(), operator);

        assertThat(f.users.findById(user.id()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
        assertThat(f.auditLog.all()).extracting(AuditRecord::type).containsExactly("user.created",
                "password.changed", "user.disabled");
        f.accounts.enable(user.id(), operator);
        assertThat(f.users.findById(user.id()).orElseThrow().isActive()).isTrue();
    }

    @Test
    void whenDeletedThenGoneButAuditKeepsTheFact() {
        User user = create("erin", null);

        f.accounts.delete(user.id(), operator);

        assertThat(f.users.findById(user.id())).isEmpty();
        assertThat(f.auditLog.all().get(2).type()).isEqualTo("user.deleted");
        assertThat(f.auditLog.all().get(2).details()).contains("erin");
        assertThatThrownBy(() -> f.accounts.delete(user.id(), operator)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void whenFoundByIdOrUsernameThenSameUser() {
        User user = create("frank", null);

        assertThat(f.accounts.find(user.id().toString())).contains(user);
        assertThat(f.accounts.find("FRANK")).contains(user);
        assertThat(f.accounts.find("nobody")).isEmpty();
        assertThat(f.accounts.find("has space")).isEmpty();
    }

    @Test
    void whenOperatorSetsPasswordThenOldOneStopsWorkingAndMustChangeKept() {
        User user = create("gina", null);

        f.accounts.setPassword(user.id(), Password.of(OTHER), true, operator);

        assertThat(f.authentication.verify("gina", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isFalse();
        assertThat(f.authentication.verify("gina", Password.of(OTHER), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(PasswordVerification.Outcome.CHANGE_REQUIRED);
    }

    @Test
    void whenUserChangesPasswordWithWrongCurrentThenRefusedAndAudited() {
        User user = create("hank", null);

        assertThatThrownBy(() -> f.accounts.changePassword(user.id(), Password.of("wrong"), Password.of(OTHER),
                java.util.Optional.empty(), Actor.user(user.id()))).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
        assertThat(f.auditLog.all()).last().extracting(AuditRecord::type).isEqualTo("credential.failed");
        assertThat(f.authentication.verify("hank", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();
    }

    @Test
    void whenUserChangesPasswordThenNewOneWorksAndOneTimeFlagCleared() {
        User user = f.accounts.createBootstrapAdministrator(Username.of("admin"), Password.of(GOOD)).orElseThrow();

        f.accounts.changePassword(user.id(), Password.of(GOOD), Password.of(OTHER), Optional.of("current-session-id"),
                Actor.user(user.id()));

        assertThat(f.accounts.passwordStatus(user.id())).get().extracting(PasswordStatus::mustChange).isEqualTo(false);
        assertThat(f.authentication.verify("admin", Password.of(OTHER), java.util.Optional.empty(), Actor.ANONYMOUS).outcome())
                .isEqualTo(PasswordVerification.Outcome.VERIFIED);
    }

    @Test
    void whenPasswordChangedOrUserDisabledOrDeletedThenTheirSessionsEnd() {
        User user = create("kate", null);

        f.accounts.setPassword(user.id(), Password.of(OTHER), false, operator);
        f.accounts.disable(user.id(), operator);
        f.accounts.delete(user.id(), operator);

        assertThat(f.endedFor).containsExactly(SessionTermination.Reason.PASSWORD_CHANGED,
                SessionTermination.Reason.USER_DISABLED, SessionTermination.Reason.USER_DELETED);
    }

    @Test
    void whenDuePasswordReplacedThenOneTimeFlagClearedButOnlyWhenDue() {
        User admin = f.accounts.createBootstrapAdministrator(Username.of("admin"), Password.of(GOOD)).orElseThrow();

        f.accounts.replaceDuePassword(admin.id(), Password.of(OTHER), Actor.user(admin.id()));

        assertThat(f.accounts.passwordStatus(admin.id()).orElseThrow().mustChange()).isFalse();
        assertThatThrownBy(() -> f.accounts.replaceDuePassword(admin.id(), Password.of("third password, long enough!"),
                Actor.user(admin.id()))).isInstanceOf(DomainException.class).hasMessageContaining("No password change");
    }

    @Test
    void whenHistoryKeptThenRecentPasswordsCannotBeReused() {
        var policy = new PasswordPolicy(12, 128, 3, PasswordBlocklist.EMPTY, Duration.ZERO, 2);
        var g = new IdentityFixture(IdentityFixture.CHEAP, policy);
        User user = g.accounts.create(NewUser.named(Username.of("ivan")), Optional.of(Password.of(GOOD)), false,
                operator);
        g.accounts.setPassword(user.id(), Password.of(OTHER), false, operator);

        assertThatThrownBy(() -> g.accounts.setPassword(user.id(), Password.of(GOOD), false, operator))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations())
                        .extracting(Violation::code).containsExactly("reused"));
        assertThatThrownBy(() -> g.accounts.setPassword(user.id(), Password.of(OTHER), false, operator))
                .isInstanceOf(DomainException.class);
        g.accounts.setPassword(user.id(), Password.of("third unrelated passphrase here"), false, operator);
        g.accounts.setPassword(user.id(), Password.of("fourth unrelated passphrase now"), false, operator);
        g.accounts.setPassword(user.id(), Password.of(GOOD), false, operator); // out of the last 2 + current
    }

    @Test
    void whenNoHistoryPolicyThenPreviousPasswordMayReturn() {
        User user = create("judy", null);
        f.accounts.setPassword(user.id(), Password.of(OTHER), false, operator);

        f.accounts.setPassword(user.id(), Password.of(GOOD), false, operator);

        assertThat(f.authentication.verify("judy", Password.of(GOOD), java.util.Optional.empty(), Actor.ANONYMOUS).signInAllowed()).isTrue();
    }
}
