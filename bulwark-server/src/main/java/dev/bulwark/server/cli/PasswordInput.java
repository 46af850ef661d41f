package dev.bulwark.server.cli;

import dev.bulwark.core.crypto.Password;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Reads a password from standard input, never from the command line (where other users of the machine and
 * the shell history would see it). One trailing newline is dropped; everything else is the password.
 */
final class PasswordInput {
    private static final int LIMIT = 4_096;

    private PasswordInput() {
    }

    static Password read(InputStream in, CommandLine command) {
        try {
            byte[] bytes = in.readNBytes(LIMIT + 1);
            if (bytes.length > LIMIT) {
                throw new ParameterException(command, "the password on standard input is longer than " + LIMIT + " bytes");
            }
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') {
                end--;
                if (end > 0 && bytes[end - 1] == '\r') {
                    end--;
                }
            }
            if (end == 0) {
                throw new ParameterException(command, "--password-stdin: no password on standard input");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            Arrays.fill(bytes, (byte) 0);
            return Password.of(text);
        } catch (CharacterCodingException e) {
            throw new ParameterException(command, "--password-stdin: standard input is not UTF-8");
        } catch (IOException e) {
            throw new ParameterException(command, "--password-stdin: cannot read standard input (" + e.getMessage() + ")");
        }
    }
}
