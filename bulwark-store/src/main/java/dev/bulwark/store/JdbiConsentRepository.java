package dev.bulwark.store;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.oauth.Consent;
import dev.bulwark.core.oauth.ConsentRepository;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Consents to third-party apps; one upsert per user and app on both databases. */
final class JdbiConsentRepository implements ConsentRepository {
    private static final String COLUMNS = "user_id, client_id, scopes, granted_at";

    private final JdbiTransactions transactions;

    JdbiConsentRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Consent> find(UserId user, ClientId client) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM consents "
                        + "WHERE user_id = :user AND client_id = :client")
                .bind("user", user.toString()).bind("client", client.value())
                .map((rs, ctx) -> consent(rs))
                .findOne());
    }

    @Override
    public void save(Consent consent) {
        transactions.write(handle -> handle.createUpdate("INSERT INTO consents (" + COLUMNS + ") VALUES (:user, "
                        + ":client, :scopes, :grantedAt) ON CONFLICT (user_id, client_id) DO UPDATE SET "
                        + "scopes = :scopes, granted_at = :grantedAt")
                .bind("user", consent.userId().toString())
                .bind("client", consent.clientId().value())
                .bind("scopes", consent.scopes().text())
                .bind("grantedAt", consent.grantedAt().toEpochMilli())
                .execute());
    }

    @Override
    public boolean delete(UserId user, ClientId client) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM consents WHERE user_id = :user "
                        + "AND client_id = :client")
                .bind("user", user.toString()).bind("client", client.value()).execute()) > 0;
    }

    @Override
    public List<Consent> of(UserId user) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM consents "
                        + "WHERE user_id = :user ORDER BY granted_at DESC, client_id")
                .bind("user", user.toString())
                .map((rs, ctx) -> consent(rs))
                .list());
    }

    private static Consent consent(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Consent(UserId.parse(rs.getString("user_id")), new ClientId(rs.getString("client_id")),
                Scopes.of(Set.copyOf(Columns.words(rs.getString("scopes")))), Columns.instant(rs, "granted_at"));
    }
}
