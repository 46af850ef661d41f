package dev.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every benchmarked implementation computes Argon2id exactly: RFC 9106 §5.3 and the reference vectors. */
class Argon2idCandidatesTest {
    private static final String RFC_9106_TAG = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(value = Argon2idCandidates.class, names = {"NATIVE", "BOUNCYCASTLE"})
    void whenRfc9106VectorThenTagMatches(Argon2idCandidates candidate) {
        Argon2id argon2 = candidate.create();

        byte[] tag = argon2.hash(new Argon2Parameters(32, 3, 4), filled(32, 1), filled(16, 2), filled(8, 3),
                filled(12, 4), 32);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(RFC_9106_TAG);
    }

    /**
     * Password4j's API has no way to pass associated data, which the RFC 9106 vector uses. So its own internal
     * steps (initialise, fill memory, finalise) are driven directly with the vector's inputs: it is the same
     * code its public API runs, given the associated data the API cannot pass.
     */
    @Test
    void whenRfc9106VectorThroughPassword4jInternalsThenTagMatches() throws Exception {
        Argon2Function function = Argon2Function.getInstance(32, 3, 4, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        Field initial = Argon2Function.class.getDeclaredField("initialBlockMemory");
        Method copyOf = Argon2Function.class.getDeclaredMethod("copyOf", long[][].class);
        Method initialize = Argon2Function.class.getDeclaredMethod("initialize", byte[].class, byte[].class,
                byte[].class, byte[].class, long[][].class);
        Method fill = Argon2Function.class.getDeclaredMethod("fillMemoryBlocks", long[][].class);
        Method ending = Argon2Function.class.getDeclaredMethod("ending", long[][].class);
        for (var member : new java.lang.reflect.AccessibleObject[] {initial, copyOf, initialize, fill, ending}) {
            member.setAccessible(true);
        }

        long[][] memory = (long[][]) copyOf.invoke(function, (Object) initial.get(function));
        initialize.invoke(function, filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), memory);
        fill.invoke(function, (Object) memory);
        byte[] tag = (byte[]) ending.invoke(function, (Object) memory);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(RFC_9106_TAG);
    }

    @ParameterizedTest
    @EnumSource(Argon2idCandidates.class)
    void whenReferenceVectorThenEveryCandidatePasses(Argon2idCandidates candidate) {
        Argon2idCandidates.requireKnownAnswer(candidate.create());
    }

    @ParameterizedTest
    @EnumSource(Argon2idCandidates.class)
    void whenSameInputsThenEveryCandidateAgrees(Argon2idCandidates candidate) {
        byte[] password = "pässwörd with Unicode".getBytes(StandardCharsets.UTF_8);
        byte[] salt = filled(16, 9);
        var parameters = new Argon2Parameters(256, 3, 2);

        byte[] tag = candidate.create().hash(parameters, password, salt, 32);

        assertThat(tag).isEqualTo(Argon2idCandidates.BOUNCYCASTLE.create().hash(parameters, password, salt, 32));
    }

    @Test
    void whenPassword4jGivenAssociatedDataThenRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> new Password4jArgon2id().hash(new Argon2Parameters(32, 3, 4), filled(32, 1),
                filled(16, 2), filled(8, 3), filled(12, 4), 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenWrongImplementationThenKnownAnswerRefusesIt() {
        Argon2id broken = new Argon2id() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public byte[] hash(Argon2Parameters p, byte[] password, byte[] salt, byte[] secret, byte[] ad, int length) {
                return new byte[length];
            }
        };
        assertThatThrownBy(() -> Argon2idCandidates.requireKnownAnswer(broken)).isInstanceOf(IllegalStateException.class);
    }
}
