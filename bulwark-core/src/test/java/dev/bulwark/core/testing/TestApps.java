package dev.bulwark.core.testing;

import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.app.SessionPolicy;
import dev.bulwark.core.app.TokenPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** App definitions that tests start from. */
public final class TestApps {
    private TestApps() {
    }

    public static AppDefinition nativeApp(String clientId) {
        return new AppDefinition(new ClientId(clientId), "Test app", AppType.NATIVE, true, ClientAuthMethod.NONE,
                Optional.empty(), List.of(RedirectUri.of("com.example.app:/callback"),
                RedirectUri.of("http://127.0.0.1/callback")),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
                Scopes.parse("openid profile email bulwark:account"), List.of(), TokenPolicy.DEFAULT,
                SessionPolicy.DEFAULT, SecondFactorPolicy.DEFAULT,
                DevicePolicy.NONE);
    }

    /** A first-party native app with this second-factor policy. */
    public static AppDefinition nativeApp(String clientId, SecondFactorPolicy secondFactors) {
        AppDefinition d = nativeApp(clientId);
        return new AppDefinition(d.clientId(), d.name(), d.type(), d.firstParty(), d.authMethod(), d.jwks(),
                d.redirectUris(), d.grants(), d.scopes(), d.audiences(), d.tokens(), d.sessions(), secondFactors,
                d.devices());
    }

    /** A first-party native app with this device policy. */
    public static AppDefinition nativeApp(String clientId, DevicePolicy devices) {
        AppDefinition d = nativeApp(clientId);
        return new AppDefinition(d.clientId(), d.name(), d.type(), d.firstParty(), d.authMethod(), d.jwks(),
                d.redirectUris(), d.grants(), d.scopes(), d.audiences(), d.tokens(), d.sessions(), d.secondFactors(),
                devices);
    }

    public static AppDefinition service(String clientId) {
        return new AppDefinition(new ClientId(clientId), "Test service", AppType.SERVICE, false,
                ClientAuthMethod.CLIENT_SECRET, Optional.empty(), List.of(), Set.of(GrantType.CLIENT_CREDENTIALS),
                Scopes.parse("orders:read"), List.of("https://api.example.com"), TokenPolicy.DEFAULT,
                SessionPolicy.DEFAULT, SecondFactorPolicy.DEFAULT,
                DevicePolicy.NONE);
    }
}
