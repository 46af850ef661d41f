package dev.bulwark.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.Username;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Redaction is structural: an audit event can only be built from values that cannot hold a secret. This test
 * fails when someone adds an event, or a component, of any other type (a String, a byte array, a Password...).
 */
class AuditEventStructureTest {
    private static final Set<Class<?>> SAFE = Set.of(UserId.class, Username.class, Instant.class, Path.class,
            Argon2Parameters.class, AuditEvents.SettingName.class, dev.bulwark.core.app.ClientId.class,
            AuditEvents.SigningKeyRotated.KeyId.class, dev.bulwark.core.session.SessionId.class,
            dev.bulwark.core.session.DeviceId.class, boolean.class,
            int.class, long.class);

    @Test
    void whenAnyEventTypeThenEveryComponentIsSafe() {
        List<String> unsafe = new ArrayList<>();
        Class<?>[] events = AuditEvent.class.getPermittedSubclasses();
        assertThat(events).isNotEmpty();
        for (Class<?> event : events) {
            assertThat(event.isRecord()).as(event + " is a record").isTrue();
            for (RecordComponent component : event.getRecordComponents()) {
                if (!safe(component.getGenericType())) {
                    unsafe.add(event.getSimpleName() + "." + component.getName() + ": " + component.getGenericType());
                }
            }
        }
        assertThat(unsafe).as("audit event components that could carry a secret").isEmpty();
    }

    private static boolean safe(Type type) {
        if (type instanceof Class<?> c) {
            return SAFE.contains(c) || c.isEnum();
        }
        if (type instanceof ParameterizedType p && (p.getRawType() == Optional.class || p.getRawType() == Set.class
                || p.getRawType() == List.class)) {
            return safe(p.getActualTypeArguments()[0]);
        }
        return false;
    }
}
