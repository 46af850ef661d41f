package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.OtpAlgorithm;
import dev.bulwark.core.mfa.Totp;
import dev.bulwark.core.mfa.TotpFactor;
import dev.bulwark.core.mfa.TotpRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiTotpRepository implements TotpRepository {
    private static final String COLUMNS = "id, user_id, sealed_seed, algorithm, digits, period_seconds, created_at, "
            + "confirmed_at, last_step";

    private final JdbiTransactions transactions;

    JdbiTotpRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(TotpFactor factor) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO totp_factors (" + COLUMNS + ") VALUES (:id, "
                        + ":user, :seed, :algorithm, :digits, :period, :createdAt, :confirmedAt, :lastStep)")
                .bind("id", factor.id())
                .bind("user", factor.userId().toString())
                .bind("seed", factor.sealedSeed())
                .bind("algorithm", factor.parameters().algorithm().name())
                .bind("digits", factor.parameters().digits())
                .bind("period", (int) factor.parameters().period().toSeconds())
                .bind("createdAt", factor.createdAt().toEpochMilli())
                .bind("confirmedAt", Columns.millis(factor.confirmedAt()))
                .bind("lastStep", factor.lastStep().orElse(null))
                .execute());
    }

    @Override
    public List<TotpFactor> of(UserId user) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM totp_factors "
                        + "WHERE user_id = :user ORDER BY created_at, id")
                .bind("user", user.toString()).map(JdbiTotpRepository::factor).list());
    }

    @Override
    public boolean confirm(String id, Instant at, long step) {
        return transactions.write(handle -> handle.createUpdate("UPDATE totp_factors SET confirmed_at = :at, "
                        + "last_step = :step WHERE id = :id AND confirmed_at IS NULL")
                .bind("id", id).bind("at", at.toEpochMilli()).bind("step", step).execute() == 1);
    }

    @Override
    public boolean use(String id, long step) {
        return transactions.write(handle -> handle.createUpdate("UPDATE totp_factors SET last_step = :step "
                        + "WHERE id = :id AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < :step)")
                .bind("id", id).bind("step", step).execute() == 1);
    }

    @Override
    public boolean delete(UserId user, String id) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM totp_factors WHERE id = :id "
                        + "AND user_id = :user")
                .bind("id", id).bind("user", user.toString()).execute() == 1);
    }

    @Override
    public void deleteUnconfirmed(UserId user) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM totp_factors WHERE user_id = :user "
                        + "AND confirmed_at IS NULL")
                .bind("user", user.toString()).execute());
    }

    private static TotpFactor factor(ResultSet rs, StatementContext context) throws SQLException {
        long lastStep = rs.getLong("last_step");
        Optional<Long> last = rs.wasNull() ? Optional.empty() : Optional.of(lastStep);
        return new TotpFactor(rs.getString("id"), UserId.parse(rs.getString("user_id")), rs.getBytes("sealed_seed"),
                new Totp(OtpAlgorithm.valueOf(rs.getString("algorithm")), rs.getInt("digits"),
                        Duration.ofSeconds(rs.getInt("period_seconds"))),
                Columns.instant(rs, "created_at"), Columns.optionalInstant(rs, "confirmed_at"), last);
    }
}
