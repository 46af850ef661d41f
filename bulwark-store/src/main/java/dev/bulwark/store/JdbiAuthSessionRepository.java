package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.oauth.AuthSession;
import dev.bulwark.core.oauth.AuthSessionRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

final class JdbiAuthSessionRepository implements AuthSessionRepository {
    private static final String COLUMNS = "digest, client_id, scopes, code_challenge, user_id, auth_time, methods, "
            + "pending, failures, attested_key, created_at, expires_at";

    private final JdbiTransactions transactions;

    JdbiAuthSessionRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(AuthSession session) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO auth_sessions (" + COLUMNS + ") VALUES (:digest, "
                        + ":client, :scopes, :challenge, :user, :authTime, :methods, :pending, :failures, :attestedKey, "
                        + ":createdAt, :expiresAt)")
                .bind("digest", session.digest())
                .bind("client", session.clientId().value())
                .bind("scopes", session.scopes().text())
                .bind("challenge", session.codeChallenge())
                .bind("user", session.userId().map(Object::toString).orElse(null))
                .bind("authTime", Columns.millis(session.authTime()))
                .bind("methods", Columns.joined(session.methods()))
                .bind("pending", pending(session))
                .bind("failures", session.failures())
                .bind("attestedKey", session.attestedKey().orElse(null))
                .bind("createdAt", session.createdAt().toEpochMilli())
                .bind("expiresAt", session.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<AuthSession> find(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM auth_sessions WHERE digest = :d")
                .bind("d", digest)
                .map((rs, ctx) -> new AuthSession(rs.getString("digest"), new ClientId(rs.getString("client_id")),
                        Scopes.of(Set.copyOf(Columns.words(rs.getString("scopes")))), rs.getString("code_challenge"),
                        Columns.optionalText(rs, "user_id").map(UserId::parse), Columns.optionalInstant(rs, "auth_time"),
                        Columns.words(rs.getString("methods")),
                        Columns.words(rs.getString("pending")).stream().map(AuthSession.Requirement::valueOf)
                                .collect(Collectors.toSet()),
                        rs.getInt("failures"), Columns.optionalText(rs, "attested_key"),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public void update(AuthSession session) {
        transactions.write(handle -> handle.createUpdate("UPDATE auth_sessions SET user_id = :user, auth_time = :authTime, "
                        + "methods = :methods, pending = :pending, failures = :failures, attested_key = :attestedKey "
                        + "WHERE digest = :digest")
                .bind("digest", session.digest())
                .bind("user", session.userId().map(Object::toString).orElse(null))
                .bind("authTime", Columns.millis(session.authTime()))
                .bind("methods", Columns.joined(session.methods()))
                .bind("pending", pending(session))
                .bind("failures", session.failures())
                .bind("attestedKey", session.attestedKey().orElse(null))
                .execute());
    }

    @Override
    public boolean delete(String digest) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM auth_sessions WHERE digest = :digest")
                .bind("digest", digest).execute()) == 1;
    }

    @Override
    public void deleteExpired(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM auth_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }

    private static String pending(AuthSession session) {
        return session.pending().stream().map(Enum::name).sorted().collect(Collectors.joining(" "));
    }
}
