package dev.bulwark.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditChain;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.audit.AuditTrail;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.testing.InMemoryApps;
import dev.bulwark.core.testing.InMemoryAuditLog;
import dev.bulwark.core.testing.InlineTransactions;
import dev.bulwark.core.testing.TestApps;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppRegistryTest {
    private final InMemoryApps apps = new InMemoryApps();
    private final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    private final AppRegistry registry = new AppRegistry(apps, (client, actor) -> 0, new AuditTrail(auditLog,
            new AuditChain(SecretBytes.copyOf(new byte[32])), Clock.systemUTC()), new InlineTransactions(),
            Clock.systemUTC(), new SecureRandom());

    @Test
    void whenServiceRegisteredThenSecretShownOnceAndOnlyItsDigestKept() {
        AppRegistry.Registered registered = registry.create(TestApps.service("orders-sync"), Actor.cli("ops"));

        String secret = registered.clientSecret().orElseThrow();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        App stored = apps.find(new ClientId("orders-sync")).orElseThrow();
        assertThat(stored.secretDigest()).contains(TokenDigest.of(secret));
        assertThat(TokenDigest.matches(secret, stored.secretDigest().orElseThrow())).isTrue();
        assertThat(registered.toString()).doesNotContain(secret);
        assertThat(auditLog.all()).extracting(AuditRecord::type).containsExactly("app.created");
        assertThat(auditLog.all().get(0).details()).doesNotContain(secret);
    }

    @Test
    void whenNativeAppRegisteredThenNoSecret() {
        assertThat(registry.create(TestApps.nativeApp("mobile"), Actor.SYSTEM).clientSecret()).isEmpty();
    }

    @Test
    void whenSecretRotatedThenOldDigestReplaced() {
        String first = registry.create(TestApps.service("svc"), Actor.SYSTEM).clientSecret().orElseThrow();

        String second = registry.rotateSecret(new ClientId("svc"), Actor.SYSTEM).clientSecret().orElseThrow();

        String digest = apps.find(new ClientId("svc")).orElseThrow().secretDigest().orElseThrow();
        assertThat(TokenDigest.matches(second, digest)).isTrue();
        assertThat(TokenDigest.matches(first, digest)).isFalse();
        assertThatThrownBy(() -> registry.rotateSecret(new ClientId("missing"), Actor.SYSTEM))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void whenClientIdTakenThenConflict() {
        registry.create(TestApps.nativeApp("mobile"), Actor.SYSTEM);

        assertThatThrownBy(() -> registry.create(TestApps.nativeApp("mobile"), Actor.SYSTEM))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void whenUpdatedThenDefinitionReplacedAndSecretKept() {
        String secret = registry.create(TestApps.service("svc"), Actor.SYSTEM).clientSecret().orElseThrow();
        AppDefinition d = TestApps.service("svc");
        var renamed = d.toBuilder().name("Renamed").build();

        assertThat(registry.update(renamed, Actor.SYSTEM).clientSecret()).isEmpty();

        App stored = apps.find(new ClientId("svc")).orElseThrow();
        assertThat(stored.definition().name()).isEqualTo("Renamed");
        assertThat(TokenDigest.matches(secret, stored.secretDigest().orElseThrow())).isTrue();
    }

    @Test
    void whenDefinitionBreaksOAuthRulesThenRefused() {
        AppDefinition n = TestApps.nativeApp("mobile");
        assertThatThrownBy(() -> n.toBuilder().authMethod(ClientAuthMethod.CLIENT_SECRET).build())
                .isInstanceOf(DomainException.class).hasMessageContaining("public client");
        assertThatThrownBy(() -> n.toBuilder().grants(Set.of(GrantType.CLIENT_CREDENTIALS)).build())
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> n.toBuilder().firstParty(false).redirectUris(List.of()).build())
                .isInstanceOf(DomainException.class).hasMessageContaining("redirect URI");
        assertThatThrownBy(() -> AppDefinition.builder(n.clientId(), AppType.SERVICE)
                .authMethod(ClientAuthMethod.PRIVATE_KEY_JWT).build()).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new ClientId("a b")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> Scopes.parse("read \"write\"")).isInstanceOf(DomainException.class);
    }

    @Test
    void whenDeletedThenGoneAndAudited() {
        registry.create(TestApps.nativeApp("mobile"), Actor.SYSTEM);

        registry.delete(new ClientId("mobile"), Actor.SYSTEM);

        assertThat(registry.find(new ClientId("mobile"))).isEmpty();
        assertThat(auditLog.all()).extracting(AuditRecord::type).containsExactly("app.created", "app.deleted");
    }
}
