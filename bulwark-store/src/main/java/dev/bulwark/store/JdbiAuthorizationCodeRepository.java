package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.oauth.AuthorizationCode;
import dev.bulwark.core.oauth.AuthorizationCodeRepository;
import dev.bulwark.core.session.SessionId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

final class JdbiAuthorizationCodeRepository implements AuthorizationCodeRepository {
    private static final String COLUMNS = "digest, client_id, user_id, redirect_uri, code_challenge, scopes, nonce, "
            + "auth_time, acr, amr, attested_key, expires_at, used_at, session_id";

    private final JdbiTransactions transactions;

    JdbiAuthorizationCodeRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(AuthorizationCode code) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO authorization_codes (" + COLUMNS + ") VALUES "
                        + "(:digest, :client, :user, :redirectUri, :challenge, :scopes, :nonce, :authTime, :acr, :amr, "
                        + ":attestedKey, :expiresAt, NULL, NULL)")
                .bind("digest", code.digest())
                .bind("client", code.clientId().value())
                .bind("user", code.userId().toString())
                .bind("redirectUri", code.redirectUri().orElse(null))
                .bind("challenge", code.codeChallenge())
                .bind("scopes", code.scopes().text())
                .bind("nonce", code.nonce().orElse(null))
                .bind("authTime", code.authTime().toEpochMilli())
                .bind("acr", code.acr())
                .bind("amr", Columns.joined(code.amr()))
                .bind("attestedKey", code.attestedKey().orElse(null))
                .bind("expiresAt", code.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<AuthorizationCode> find(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM authorization_codes "
                        + "WHERE digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new AuthorizationCode(rs.getString("digest"), new ClientId(rs.getString("client_id")),
                        UserId.parse(rs.getString("user_id")), Columns.optionalText(rs, "redirect_uri"),
                        rs.getString("code_challenge"), Scopes.of(Set.copyOf(Columns.words(rs.getString("scopes")))),
                        Columns.optionalText(rs, "nonce"), Columns.instant(rs, "auth_time"), rs.getString("acr"),
                        Columns.words(rs.getString("amr")), Columns.optionalText(rs, "attested_key"),
                        Columns.instant(rs, "expires_at"),
                        Columns.optionalInstant(rs, "used_at"),
                        Columns.optionalText(rs, "session_id").map(SessionId::new)))
                .findOne());
    }

    @Override
    public boolean markUsed(String digest, Instant at, SessionId sessionId) {
        return transactions.write(handle -> handle.createUpdate("UPDATE authorization_codes SET used_at = :at, "
                        + "session_id = :session WHERE digest = :digest AND used_at IS NULL")
                .bind("digest", digest).bind("at", at.toEpochMilli()).bind("session", sessionId.value())
                .execute() == 1);
    }

    @Override
    public void deleteExpired(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM authorization_codes WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }
}
