package dev.bulwark.core.oauth;

import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who an access token is for (its {@code aud}, RFC 9068 §3 and §4): a token is for Bulwark's own APIs or for the
 * app's resource servers, never both, so that an API that receives a user's token can never use it at Bulwark.
 *
 * <ul>
 *   <li>A token granted a {@code bulwark:*} scope (the account or admin API) names Bulwark's issuer, and nothing
 *       else: an app gets a token for its own APIs by refreshing with a narrower {@code scope} (RFC 6749 §6).</li>
 *   <li>Any other token names the app's registered audiences; with none registered, the app's own client id (RFC
 *       9068 §3 requires an audience, and the app's backend is then the only resource server).</li>
 *   <li>A token granted {@code openid} also names the userinfo endpoint (OpenID Connect Core §5.3), where the app
 *       reads the claims the scopes release.</li>
 * </ul>
 *
 * @param issuer   Bulwark's issuer identifier: the audience of its account and admin APIs
 * @param userinfo the userinfo endpoint's URL: the audience of the userinfo endpoint
 */
public record AccessTokenAudience(String issuer, String userinfo) {
    public AccessTokenAudience {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(userinfo, "userinfo");
    }

    /** The audiences of a token of {@code app} granted {@code scopes}. */
    public List<String> of(AppDefinition app, Scopes scopes) {
        List<String> audiences = new ArrayList<>();
        if (scopes.namesBulwark()) {
            audiences.add(issuer);
        } else if (app.audiences().isEmpty()) {
            audiences.add(app.clientId().value());
        } else {
            app.audiences().stream().filter(audience -> !audience.equals(issuer) && !audience.equals(userinfo))
                    .forEach(audiences::add);
        }
        if (scopes.contains(Scopes.OPENID)) {
            audiences.add(userinfo);
        }
        return List.copyOf(audiences);
    }
}
