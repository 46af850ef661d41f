package dev.bulwark.store;

import dev.bulwark.core.session.LegacyRefreshTokens;
import dev.bulwark.core.session.SessionId;
import java.util.Optional;

/** The refresh_tokens table, which V21 reduced to each session's current token from before the migration. */
final class JdbiLegacyRefreshTokens implements LegacyRefreshTokens {
    private final JdbiTransactions transactions;

    JdbiLegacyRefreshTokens(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<SessionId> sessionOf(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT session_id FROM refresh_tokens "
                        + "WHERE digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new SessionId(rs.getString("session_id")))
                .findOne());
    }
}
