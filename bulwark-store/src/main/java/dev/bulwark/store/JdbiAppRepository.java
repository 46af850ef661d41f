package dev.bulwark.store;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppRepository;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.app.SessionPolicy;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.app.TokenPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbiAppRepository implements AppRepository {
    private static final String COLUMNS = "client_id, name, type, first_party, auth_method, secret_digest, jwks, "
            + "redirect_uris, grants, scopes, audiences, access_token_seconds, refresh_leeway_seconds, "
            + "session_idle_seconds, session_max_seconds, second_factor, second_factor_kinds, sensitive_scopes, "
            + "device_policy, resource, administration, created_at, updated_at";

    private final JdbiTransactions transactions;
    private final Dialect dialect;

    JdbiAppRepository(JdbiTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(App app) {
        write("INSERT INTO apps (" + COLUMNS + ") VALUES (:clientId, :name, :type, :firstParty, :authMethod, "
                + ":secretDigest, :jwks, :redirectUris, :grants, :scopes, :audiences, :accessTokenSeconds, "
                + ":refreshLeewaySeconds, :sessionIdleSeconds, :sessionMaxSeconds, :secondFactor, :secondFactorKinds, :sensitiveScopes, "
                + ":devicePolicy, :resource, :administration, :createdAt, :updatedAt)", app);
    }

    @Override
    public boolean update(App app) {
        return write("UPDATE apps SET name = :name, type = :type, first_party = :firstParty, auth_method = :authMethod, "
                + "secret_digest = :secretDigest, jwks = :jwks, redirect_uris = :redirectUris, grants = :grants, "
                + "scopes = :scopes, audiences = :audiences, access_token_seconds = :accessTokenSeconds, "
                + "refresh_leeway_seconds = :refreshLeewaySeconds, session_idle_seconds = :sessionIdleSeconds, "
                + "session_max_seconds = :sessionMaxSeconds, second_factor = :secondFactor, "
                + "second_factor_kinds = :secondFactorKinds, sensitive_scopes = :sensitiveScopes, "
                + "device_policy = :devicePolicy, resource = :resource, administration = :administration, "
                + "updated_at = :updatedAt "
                + "WHERE client_id = :clientId", app) == 1;
    }

    private int write(String sql, App app) {
        AppDefinition d = app.definition();
        return transactions.write(handle -> {
            try {
                return handle.createUpdate(sql)
                        .bind("clientId", d.clientId().value())
                        .bind("name", d.name())
                        .bind("type", d.type().name())
                        .bind("firstParty", d.firstParty())
                        .bind("authMethod", d.authMethod().name())
                        .bind("secretDigest", app.secretDigest().orElse(null))
                        .bind("jwks", d.jwks().orElse(null))
                        .bind("redirectUris", d.redirectUris().stream().map(RedirectUri::value)
                                .collect(Collectors.joining(" ")))
                        .bind("grants", d.grants().stream().map(GrantType::name).sorted().collect(Collectors.joining(" ")))
                        .bind("scopes", d.scopes().text())
                        .bind("audiences", String.join(" ", d.audiences()))
                        .bind("accessTokenSeconds", d.tokens().accessTokenLifetime().toSeconds())
                        .bind("refreshLeewaySeconds", d.tokens().refreshRetryLeeway().toSeconds())
                        .bind("sessionIdleSeconds", d.sessions().idleTimeout().toSeconds())
                        .bind("sessionMaxSeconds", d.sessions().absoluteLifetime().toSeconds())
                        .bind("secondFactor", d.secondFactors().requirement().name())
                        .bind("secondFactorKinds", d.secondFactors().accepted().stream().map(FactorKind::name).sorted()
                                .collect(Collectors.joining(" ")))
                        .bind("sensitiveScopes", d.secondFactors().sensitiveScopes().text())
                        .bind("devicePolicy", d.devices().text())
                        .bind("resource", d.resource().orElse(null))
                        .bind("administration", d.administration())
                        .bind("createdAt", app.createdAt().toEpochMilli())
                        .bind("updatedAt", app.updatedAt().toEpochMilli())
                        .execute();
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof SQLException failure && dialect.isUniqueViolation(failure)) {
                    throw new DomainException(ErrorCode.CONFLICT, "That client id is already taken.");
                }
                throw e;
            }
        });
    }

    @Override
    public boolean delete(ClientId clientId) {
        return transactions.write(handle -> handle.createUpdate("DELETE FROM apps WHERE client_id = :id")
                .bind("id", clientId.value()).execute() == 1);
    }

    @Override
    public Optional<App> find(ClientId clientId) {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM apps WHERE client_id = :id")
                .bind("id", clientId.value())
                .map(JdbiAppRepository::app)
                .findOne());
    }

    @Override
    public List<App> list() {
        return transactions.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM apps ORDER BY client_id")
                .map(JdbiAppRepository::app)
                .list());
    }

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
    }

    private static App app(ResultSet rs, StatementContext context) throws SQLException {
        var definition = AppDefinition.builder(new ClientId(rs.getString("client_id")),
                        AppType.valueOf(rs.getString("type")))
                .name(rs.getString("name"))
                .firstParty(rs.getBoolean("first_party"))
                .authMethod(ClientAuthMethod.valueOf(rs.getString("auth_method")))
                .jwks(Optional.ofNullable(rs.getString("jwks")))
                .redirectUris(words(rs.getString("redirect_uris")).stream().map(RedirectUri::of).toList())
                .grants(words(rs.getString("grants")).stream().map(GrantType::valueOf).collect(Collectors.toSet()))
                .scopes(Scopes.of(Set.copyOf(words(rs.getString("scopes")))))
                .audiences(words(rs.getString("audiences")))
                .tokens(new TokenPolicy(Duration.ofSeconds(rs.getLong("access_token_seconds")),
                        Duration.ofSeconds(rs.getLong("refresh_leeway_seconds"))))
                .sessions(new SessionPolicy(Duration.ofSeconds(rs.getLong("session_idle_seconds")),
                        Duration.ofSeconds(rs.getLong("session_max_seconds"))))
                .secondFactors(new SecondFactorPolicy(
                        SecondFactorPolicy.Requirement.valueOf(rs.getString("second_factor")),
                        words(rs.getString("second_factor_kinds")).stream().map(FactorKind::valueOf)
                                .collect(Collectors.toSet()),
                        Scopes.of(Set.copyOf(words(rs.getString("sensitive_scopes"))))))
                .devices(DevicePolicy.parse(rs.getString("device_policy")))
                .resource(Optional.ofNullable(rs.getString("resource")))
                .administration(rs.getBoolean("administration"))
                .build();
        return new App(definition, Optional.ofNullable(rs.getString("secret_digest")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
