package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.EnrolledFactors;
import dev.bulwark.core.mfa.FactorKind;
import java.util.EnumSet;
import java.util.Set;

/** One statement over the four factor tables, each answered from its user index. */
final class JdbiEnrolledFactors implements EnrolledFactors {
    private static final String SQL = "SELECT "
            + "EXISTS (SELECT 1 FROM totp_factors WHERE user_id = :user AND confirmed_at IS NOT NULL) AS totp, "
            + "EXISTS (SELECT 1 FROM recovery_codes WHERE user_id = :user AND used_at IS NULL) AS recovery_code, "
            + "EXISTS (SELECT 1 FROM device_keys WHERE user_id = :user) AS device_key, "
            + "EXISTS (SELECT 1 FROM passkeys WHERE user_id = :user) AS passkey";

    private final JdbiTransactions transactions;

    JdbiEnrolledFactors(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Set<FactorKind> kindsOf(UserId user) {
        return transactions.read(handle -> handle.createQuery(SQL).bind("user", user.toString()).map((row, ctx) -> {
            Set<FactorKind> kinds = EnumSet.noneOf(FactorKind.class);
            if (row.getBoolean("totp")) {
                kinds.add(FactorKind.TOTP);
            }
            if (row.getBoolean("recovery_code")) {
                kinds.add(FactorKind.RECOVERY_CODE);
            }
            if (row.getBoolean("device_key")) {
                kinds.add(FactorKind.DEVICE_KEY);
            }
            if (row.getBoolean("passkey")) {
                kinds.add(FactorKind.PASSKEY);
            }
            return Set.copyOf(kinds);
        }).one());
    }
}
