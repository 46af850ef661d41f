package dev.bulwark.server;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.Violation;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserAccounts;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.config.ConfigException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes sure a fresh installation can be administered: when no administrator exists, creates one with a
 * one-time password, taken from configuration or generated (148 bits, in groups that are easy to type).
 */
public final class BootstrapAdministrator {
    /** No 0/o, 1/l/i: nothing to misread; and without "i" no generated password can contain "admin". */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    /** 30 symbols from 31, in six groups of five: 148 bits. */
    private static final int SYMBOLS = 30;

    /**
     * @param password the one-time password, shown to the operator once when it was generated
     */
    record Created(User administrator, Password password, boolean generated) {
    }

    private BootstrapAdministrator() {
    }

    /**
     * @throws ConfigException naming {@code bootstrap.adminPassword} when the configured password breaks the
     *                         password policy
     */
    static Optional<Created> ensure(UserAccounts accounts, Username username, Optional<String> configured,
                                    SecureRandom random) {
        Password password = configured.map(Password::of).orElseGet(() -> generate(random));
        try {
            return accounts.createBootstrapAdministrator(username, password)
                    .map(admin -> new Created(admin, password, configured.isEmpty()));
        } catch (DomainException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return Optional.empty(); // another node created it at the same moment
            }
            if (e.code() == ErrorCode.PASSWORD_POLICY && configured.isPresent()) {
                throw new ConfigException(List.of(policyProblem(e.violations())));
            }
            throw e;
        }
    }

    /** The one-line configuration problem for a bootstrap password the policy refuses (the messages hold no secret). */
    public static String policyProblem(List<Violation> violations) {
        return "bootstrap.adminPassword: the value does not meet the password policy ("
                + violations.stream().map(Violation::message).collect(Collectors.joining(" ")) + "); allowed: a password "
                + "that meets passwords.policy";
    }

    static Password generate(SecureRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < SYMBOLS; i++) {
            if (i > 0 && i % 5 == 0) {
                text.append('-');
            }
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return Password.of(text);
    }
}
