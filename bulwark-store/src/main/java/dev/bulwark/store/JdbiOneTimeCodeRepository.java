package dev.bulwark.store;

import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.mfa.OneTimeCode;
import dev.bulwark.core.mfa.OneTimeCodeRepository;
import java.time.Instant;
import java.util.Optional;

final class JdbiOneTimeCodeRepository implements OneTimeCodeRepository {
    private final JdbiTransactions transactions;

    JdbiOneTimeCodeRepository(JdbiTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<OneTimeCode> find(String attempt) {
        return transactions.read(handle -> handle.createQuery("SELECT attempt, purpose, user_id, mac, sent_at, "
                        + "expires_at, sends, failures, used_at FROM one_time_codes WHERE attempt = :attempt")
                .bind("attempt", attempt)
                .map((rs, ctx) -> new OneTimeCode(rs.getString("attempt"),
                        OneTimeCode.Purpose.valueOf(rs.getString("purpose")), UserId.parse(rs.getString("user_id")),
                        rs.getString("mac"), Columns.instant(rs, "sent_at"), Columns.instant(rs, "expires_at"),
                        rs.getInt("sends"), rs.getInt("failures"), Columns.optionalInstant(rs, "used_at")))
                .findOne());
    }

    @Override
    public void save(OneTimeCode code) {
        transactions.write(handle -> {
            handle.createUpdate("DELETE FROM one_time_codes WHERE attempt = :attempt")
                    .bind("attempt", code.attempt()).execute();
            return handle.createUpdate("INSERT INTO one_time_codes (attempt, purpose, user_id, mac, sent_at, "
                            + "expires_at, sends, failures, used_at) VALUES (:attempt, :purpose, :user, :mac, :sentAt, "
                            + ":expiresAt, :sends, :failures, :usedAt)")
                    .bind("attempt", code.attempt())
                    .bind("purpose", code.purpose().name())
                    .bind("user", code.userId().toString())
                    .bind("mac", code.mac())
                    .bind("sentAt", code.sentAt().toEpochMilli())
                    .bind("expiresAt", code.expiresAt().toEpochMilli())
                    .bind("sends", code.sends())
                    .bind("failures", code.failures())
                    .bind("usedAt", Columns.millis(code.usedAt()))
                    .execute();
        });
    }

    @Override
    public int fail(String attempt) {
        return transactions.write(handle -> {
            handle.createUpdate("UPDATE one_time_codes SET failures = failures + 1 WHERE attempt = :attempt")
                    .bind("attempt", attempt).execute();
            return handle.createQuery("SELECT failures FROM one_time_codes WHERE attempt = :attempt")
                    .bind("attempt", attempt).mapTo(Integer.class).findOne().orElse(0);
        });
    }

    @Override
    public boolean use(String attempt, String mac, Instant at) {
        return transactions.write(handle -> handle.createUpdate("UPDATE one_time_codes SET used_at = :at "
                        + "WHERE attempt = :attempt AND mac = :mac AND used_at IS NULL")
                .bind("attempt", attempt).bind("mac", mac).bind("at", at.toEpochMilli()).execute() == 1);
    }

    @Override
    public void deleteExpired(Instant before) {
        transactions.write(handle -> handle.createUpdate("DELETE FROM one_time_codes WHERE expires_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }
}
