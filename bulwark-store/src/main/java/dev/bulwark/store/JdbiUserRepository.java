package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.identity.UserRepository;
import dev.bulwark.core.identity.UserStatus;
import dev.bulwark.core.identity.Username;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS =
            "id, username, email, phone, status, roles, created_at, updated_at";

    private final JdbiTransactions transactions;
    private final Dialect dialect;

    JdbiUserRepository(JdbiTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(User user) {
        write("INSERT INTO users (id, username, username_key, email, email_key, phone, status, roles, created_at, "
                + "updated_at) VALUES (:id, :username, :usernameKey, :email, :emailKey, :phone, :status, :roles, "
                + ":createdAt, :updatedAt)", user);
    }

    @Override
    public boolean update(User user) {
        return write("UPDATE users SET username = :username, username_key = :usernameKey, email = :email, "
                + "email_key = :emailKey, phone = :phone, status = :status, roles = :roles, updated_at = :updatedAt "
                + "WHERE id = :id", user) == 1;
    }

    /** Runs an insert or update with every column of {@code user} bound by name. */
    private int write(String sql, User user) {
        return transactions.write(handle -> {
            try {
                return handle.createUpdate(sql)
                        .bind("id", user.id().toString())
                        .bind("username", user.username().value())
                        .bind("usernameKey", user.username().key())
                        .bind("email", user.email().map(EmailAddress::value).orElse(null))
                        .bind("emailKey", user.email().map(EmailAddress::key).orElse(null))
                        .bind("phone", user.phone().map(PhoneNumber::value).orElse(null))
                        .bind("status", user.status().name())
                        .bind("roles", roles(user.roles()))
                        .bind("createdAt", user.createdAt().toEpochMilli())
                        .bind("updatedAt", user.updatedAt().toEpochMilli())
                        .execute();
            } catch (UnableToExecuteStatementException e) {
                throw conflictOr(e);
            }
        });
    }

    @Override
    public boolean delete(UserId id) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM users WHERE id = :id")
                .bind("id", id.toString()).execute() == 1);
    }

    @Override
    public Optional<User> findById(UserId id) {
        return findOne("id", id.toString());
    }

    @Override
    public Optional<User> findByUsername(Username username) {
        return findOne("username_key", username.key());
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        return findOne("email_key", email.key());
    }

    private Optional<User> findOne(String column, String value) {
        return transactions.read(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM users WHERE " + column + " = :value")
                .bind("value", value)
                .map(JdbiUserRepository::user)
                .findOne());
    }

    @Override
    public List<User> list(int offset, int limit) {
        return transactions.read(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM users ORDER BY username_key LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiUserRepository::user)
                .list());
    }

    @Override
    public boolean anyWithRole(Role role) {
        // Roles are stored as a sorted comma-separated list; match the name as a whole item. No index serves the
        // pattern, so the scan stops at the first match rather than counting every user.
        return transactions.read(handle -> handle
                .createQuery("SELECT 1 FROM users WHERE ',' || roles || ',' LIKE :pattern LIMIT 1")
                .bind("pattern", "%," + role.name() + ",%")
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    private RuntimeException conflictOr(UnableToExecuteStatementException e) {
        if (e.getCause() instanceof SQLException sql && dialect.isUniqueViolation(sql)) {
            String what = String.valueOf(sql.getMessage()).contains("email_key")
                    ? "That email address is already in use." : "That username is already taken.";
            return new DomainException(ErrorCode.CONFLICT, what);
        }
        return e;
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static User user(ResultSet rs, StatementContext context) throws SQLException {
        String roles = rs.getString("roles");
        return new User(UserId.parse(rs.getString("id")), Username.fromStorage(rs.getString("username")),
                Optional.ofNullable(rs.getString("email")).map(EmailAddress::fromStorage),
                Optional.ofNullable(rs.getString("phone")).map(PhoneNumber::fromStorage),
                UserStatus.valueOf(rs.getString("status")),
                roles.isEmpty() ? Set.of() : Arrays.stream(roles.split(",")).map(Role::valueOf)
                        .collect(Collectors.toUnmodifiableSet()),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
