package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.session.RefreshToken;
import dev.bulwark.core.session.RefreshTokenRepository;
import dev.bulwark.core.session.SessionId;
import java.time.Instant;
import java.util.Optional;

final class JdbiRefreshTokenRepository implements RefreshTokenRepository {
    private final JdbiTransactions transactions;

    JdbiRefreshTokenRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(RefreshToken token) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO refresh_tokens (digest, session_id, client_id, "
                        + "issued_at, superseded_at) VALUES (:digest, :session, :client, :issuedAt, :supersededAt)")
                .bind("digest", token.digest())
                .bind("session", token.sessionId().value())
                .bind("client", token.clientId().value())
                .bind("issuedAt", token.issuedAt().toEpochMilli())
                .bind("supersededAt", Columns.millis(token.supersededAt()))
                .execute());
    }

    @Override
    public Optional<RefreshToken> find(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT digest, session_id, client_id, issued_at, "
                        + "superseded_at FROM refresh_tokens WHERE digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new RefreshToken(rs.getString("digest"), new SessionId(rs.getString("session_id")),
                        new ClientId(rs.getString("client_id")), Columns.instant(rs, "issued_at"),
                        Columns.optionalInstant(rs, "superseded_at")))
                .findOne());
    }

    @Override
    public boolean supersede(String digest, Instant at) {
        return transactions.write(handle -> handle.createUpdate("UPDATE refresh_tokens SET superseded_at = :at "
                        + "WHERE digest = :digest AND superseded_at IS NULL")
                .bind("digest", digest).bind("at", at.toEpochMilli()).execute() == 1);
    }
}
