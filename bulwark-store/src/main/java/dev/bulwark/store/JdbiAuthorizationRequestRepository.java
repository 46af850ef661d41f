package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.oauth.AuthorizationRequest;
import dev.bulwark.core.oauth.AuthorizationRequestRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

final class JdbiAuthorizationRequestRepository implements AuthorizationRequestRepository {
    private static final String COLUMNS = "digest, client_id, redirect_uri, scopes, state, nonce, code_challenge, "
            + "force_login, two_factors_asked, browser_binding, user_id, auth_time, second_factor_due, "
            + "password_change_due, methods, confirmation, created_at, expires_at";

    private final JdbiTransactions transactions;

    JdbiAuthorizationRequestRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(AuthorizationRequest r) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO authorization_requests (" + COLUMNS + ") VALUES "
                        + "(:digest, :client, :redirectUri, :scopes, :state, :nonce, :challenge, :forceLogin, "
                        + ":twoFactorsAsked, :binding, :user, :authTime, :factorDue, :changeDue, :methods, :confirmation, "
                        + ":createdAt, :expiresAt)")
                .bind("digest", r.digest())
                .bind("client", r.clientId().value())
                .bind("redirectUri", r.redirectUri())
                .bind("scopes", r.scopes().text())
                .bind("state", r.state().orElse(null))
                .bind("nonce", r.nonce().orElse(null))
                .bind("challenge", r.codeChallenge())
                .bind("forceLogin", r.forceLogin())
                .bind("twoFactorsAsked", r.twoFactorsAsked())
                .bind("binding", r.browserBinding())
                .bind("user", r.identifiedUser().map(Object::toString).orElse(null))
                .bind("authTime", Columns.millis(r.authTime()))
                .bind("factorDue", r.secondFactorDue())
                .bind("changeDue", r.passwordChangeDue())
                .bind("methods", Columns.joined(r.methods()))
                .bind("confirmation", r.confirmation().name())
                .bind("createdAt", r.createdAt().toEpochMilli())
                .bind("expiresAt", r.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<AuthorizationRequest> find(String digest) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM authorization_requests "
                        + "WHERE digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new AuthorizationRequest(rs.getString("digest"), new ClientId(rs.getString("client_id")),
                        rs.getString("redirect_uri"), Scopes.of(Set.copyOf(Columns.words(rs.getString("scopes")))),
                        Columns.optionalText(rs, "state"), Columns.optionalText(rs, "nonce"), rs.getString("code_challenge"),
                        rs.getBoolean("force_login"), rs.getBoolean("two_factors_asked"), rs.getString("browser_binding"),
                        Columns.optionalText(rs, "user_id").map(UserId::parse), Columns.optionalInstant(rs, "auth_time"),
                        rs.getBoolean("second_factor_due"), rs.getBoolean("password_change_due"),
                        Columns.words(rs.getString("methods")),
                        AuthorizationRequest.Confirmation.valueOf(rs.getString("confirmation")),
                        Columns.instant(rs, "created_at"),
                        Columns.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public void update(AuthorizationRequest r) {
        transactions.write(handle -> handle.createUpdate("UPDATE authorization_requests SET user_id = :user, "
                        + "auth_time = :authTime, second_factor_due = :factorDue, password_change_due = :changeDue, "
                        + "methods = :methods, confirmation = :confirmation, force_login = :forceLogin "
                        + "WHERE digest = :digest")
                .bind("confirmation", r.confirmation().name())
                .bind("forceLogin", r.forceLogin())
                .bind("digest", r.digest())
                .bind("user", r.identifiedUser().map(Object::toString).orElse(null))
                .bind("authTime", Columns.millis(r.authTime()))
                .bind("factorDue", r.secondFactorDue())
                .bind("changeDue", r.passwordChangeDue())
                .bind("methods", Columns.joined(r.methods()))
                .execute());
    }

    @Override
    public boolean delete(String digest) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM authorization_requests WHERE digest = :d")
                .bind("d", digest).execute() == 1);
    }

    @Override
    public void deleteExpired(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM authorization_requests WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }
}
