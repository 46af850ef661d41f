package dev.bulwark.server.http;

import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.server.config.DurationText;
import dev.bulwark.core.mfa.FactorKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an app is shown, by the CLI and the admin API alike. A client secret appears only when it was just
 * generated, and only here.
 */
public final class AppJson {
    private AppJson() {
    }

    public static Map<String, Object> json(App app, Optional<String> newSecret) {
        AppDefinition d = app.definition();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", d.clientId().value());
        newSecret.ifPresent(secret -> json.put("client_secret", secret));
        json.put("name", d.name());
        json.put("type", d.type().name().toLowerCase(Locale.ROOT));
        json.put("first_party", d.firstParty());
        json.put("administration", d.administration());
        json.put("token_endpoint_auth_method", d.authMethod().value());
        json.put("redirect_uris", d.redirectUris().stream().map(RedirectUri::value).toList());
        json.put("grant_types", d.grants().stream().map(GrantType::value).sorted().toList());
        json.put("scope", d.scopes().text());
        json.put("audiences", d.audiences());
        json.put("access_token_lifetime", DurationText.format(d.tokens().accessTokenLifetime()));
        json.put("refresh_retry_leeway", DurationText.format(d.tokens().refreshRetryLeeway()));
        json.put("session_idle_timeout", DurationText.format(d.sessions().idleTimeout()));
        json.put("session_absolute_lifetime", DurationText.format(d.sessions().absoluteLifetime()));
        json.put("second_factor", d.secondFactors().requirement().value());
        json.put("second_factors", d.secondFactors().accepted().stream().map(FactorKind::value).sorted().toList());
        json.put("sensitive_scopes", d.secondFactors().sensitiveScopes().text());
        json.put("device_policy", d.devices().text());
        d.resource().ifPresent(resource -> json.put("resource", resource));
        json.put("jwks", d.jwks().isPresent());
        json.put("created_at", app.createdAt().toString());
        json.put("updated_at", app.updatedAt().toString());
        return json;
    }
}
