package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.core.token.SigningKey;
import dev.bulwark.core.token.SigningKeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbiSigningKeyRepository implements SigningKeyRepository {
    private final JdbiTransactions transactions;
    private final Dialect dialect;

    JdbiSigningKeyRepository(JdbiTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public List<SigningKey> list() {
        return transactions.read(handle -> handle.createQuery("SELECT kid, algorithm, state, public_jwk, sealed_private, "
                        + "created_at, activated_at, retired_at FROM signing_keys ORDER BY created_at, kid")
                .map(JdbiSigningKeyRepository::key)
                .list());
    }

    @Override
    public void insert(SigningKey key) {
        transactions.write(handle -> {
            try {
                return handle.createUpdate("INSERT INTO signing_keys (kid, algorithm, state, public_jwk, sealed_private, "
                                + "created_at, activated_at, retired_at) VALUES (:kid, :algorithm, :state, :publicJwk, "
                                + ":sealed, :createdAt, :activatedAt, :retiredAt)")
                        .bind("kid", key.kid())
                        .bind("algorithm", key.algorithm().name())
                        .bind("state", key.state().name())
                        .bind("publicJwk", key.publicJwk())
                        .bind("sealed", key.sealedPrivateJwk())
                        .bind("createdAt", key.createdAt().toEpochMilli())
                        .bind("activatedAt", key.activatedAt().map(Instant::toEpochMilli).orElse(null))
                        .bind("retiredAt", key.retiredAt().map(Instant::toEpochMilli).orElse(null))
                        .execute();
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof SQLException failure && dialect.isUniqueViolation(failure)) {
                    throw new DomainException(ErrorCode.CONFLICT, "There is already such a key for this algorithm.");
                }
                throw e;
            }
        });
    }

    @Override
    public void update(SigningKey key) {
        transactions.write(handle -> handle.createUpdate("UPDATE signing_keys SET state = :state, "
                        + "activated_at = :activatedAt, retired_at = :retiredAt WHERE kid = :kid")
                .bind("kid", key.kid())
                .bind("state", key.state().name())
                .bind("activatedAt", key.activatedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("retiredAt", key.retiredAt().map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    @Override
    public void delete(String kid) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM signing_keys WHERE kid = :kid")
                .bind("kid", kid).execute());
    }

    private static SigningKey key(ResultSet rs, StatementContext context) throws SQLException {
        return new SigningKey(rs.getString("kid"), SigningAlgorithm.valueOf(rs.getString("algorithm")),
                SigningKey.State.valueOf(rs.getString("state")), rs.getString("public_jwk"), rs.getBytes("sealed_private"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "activated_at"), instant(rs, "retired_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
