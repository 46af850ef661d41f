package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.token.SigningAlgorithm;
import dev.bulwark.core.token.SigningKey;
import dev.bulwark.core.token.SigningKeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
                        .bind("activatedAt", Columns.millis(key.activatedAt()))
                        .bind("retiredAt", Columns.millis(key.retiredAt()))
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
                .bind("activatedAt", Columns.millis(key.activatedAt()))
                .bind("retiredAt", Columns.millis(key.retiredAt()))
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
                Columns.instant(rs, "created_at"), Columns.optionalInstant(rs, "activated_at"),
                Columns.optionalInstant(rs, "retired_at"));
    }
}
