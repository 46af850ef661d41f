package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.Passkey;
import dev.bulwark.core.mfa.PasskeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiPasskeyRepository implements PasskeyRepository {
    private static final String COLUMNS = "credential_id, user_id, name, attested_credential_data, sign_count, "
            + "backup_eligible, backup_state, transports, attestation_format, created_at, last_used_at";

    private final JdbiTransactions transactions;

    JdbiPasskeyRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Passkey p) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO passkeys (" + COLUMNS + ") VALUES (:id, :user, "
                        + ":name, :data, :count, :be, :bs, :transports, :format, :createdAt, :lastUsedAt)")
                .bind("id", p.credentialId())
                .bind("user", p.userId().toString())
                .bind("name", p.name())
                .bind("data", p.attestedCredentialData())
                .bind("count", p.signCount())
                .bind("be", p.backupEligible())
                .bind("bs", p.backupState())
                .bind("transports", Columns.joined(p.transports()))
                .bind("format", p.attestationFormat())
                .bind("createdAt", p.createdAt().toEpochMilli())
                .bind("lastUsedAt", Columns.millis(p.lastUsedAt()))
                .execute());
    }

    @Override
    public Optional<Passkey> find(String credentialId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM passkeys "
                        + "WHERE credential_id = :id")
                .bind("id", credentialId).map(JdbiPasskeyRepository::passkey).findOne());
    }

    @Override
    public List<Passkey> of(UserId user) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM passkeys "
                        + "WHERE user_id = :user ORDER BY created_at, credential_id")
                .bind("user", user.toString()).map(JdbiPasskeyRepository::passkey).list());
    }

    @Override
    public void used(String credentialId, long signCount, boolean backupState, Instant at) {
        transactions.write(handle -> handle.createUpdate("UPDATE passkeys SET sign_count = :count, "
                        + "backup_state = :bs, last_used_at = :at WHERE credential_id = :id")
                .bind("id", credentialId).bind("count", signCount).bind("bs", backupState)
                .bind("at", at.toEpochMilli()).execute());
    }

    @Override
    public boolean delete(UserId user, String credentialId) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM passkeys WHERE credential_id = :id "
                        + "AND user_id = :user")
                .bind("id", credentialId).bind("user", user.toString()).execute() == 1);
    }

    @Override
    public void saveChallenge(Challenge challenge) {
        transactions.write(handle -> {
            handle.createUpdate("DELETE FROM passkey_challenges WHERE challenge_key = :key")
                    .bind("key", challenge.key()).execute();
            return handle.createUpdate("INSERT INTO passkey_challenges (challenge_key, user_id, challenge, expires_at) "
                            + "VALUES (:key, :user, :challenge, :expiresAt)")
                    .bind("key", challenge.key())
                    .bind("user", challenge.userId().map(Object::toString).orElse(null))
                    .bind("challenge", challenge.value())
                    .bind("expiresAt", challenge.expiresAt().toEpochMilli())
                    .execute();
        });
    }

    @Override
    public Optional<Challenge> takeChallenge(String key) {
        return transactions.write(handle -> {
            Optional<Challenge> found = handle.createQuery("SELECT challenge_key, user_id, challenge, expires_at "
                            + "FROM passkey_challenges WHERE challenge_key = :key")
                    .bind("key", key)
                    .map((rs, ctx) -> new Challenge(rs.getString("challenge_key"),
                            Columns.optionalText(rs, "user_id").map(UserId::parse), rs.getString("challenge"),
                            Columns.instant(rs, "expires_at")))
                    .findOne();
            boolean taken = found.isPresent() && handle.createUpdate("DELETE FROM passkey_challenges "
                    + "WHERE challenge_key = :key AND challenge = :challenge")
                    .bind("key", key).bind("challenge", found.get().value()).execute() == 1;
            return taken ? found : Optional.empty();
        });
    }

    @Override
    public void deleteExpiredChallenges(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM passkey_challenges WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }

    private static Passkey passkey(ResultSet rs, StatementContext context) throws SQLException {
        return new Passkey(rs.getString("credential_id"), UserId.parse(rs.getString("user_id")), rs.getString("name"),
                rs.getBytes("attested_credential_data"), rs.getLong("sign_count"), rs.getBoolean("backup_eligible"),
                rs.getBoolean("backup_state"), Columns.words(rs.getString("transports")),
                rs.getString("attestation_format"), Columns.instant(rs, "created_at"),
                Columns.optionalInstant(rs, "last_used_at"));
    }
}
