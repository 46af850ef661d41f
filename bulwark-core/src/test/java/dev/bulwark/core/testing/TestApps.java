package dev.bulwark.core.testing;

import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.DevicePolicy;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import java.util.List;

/** App definitions that tests start from. */
public final class TestApps {
    private TestApps() {
    }

    public static AppDefinition nativeApp(String clientId) {
        return nativeAppBuilder(clientId).build();
    }

    /** The resource identifier of the test API ({@link #resourceServer}), which native test apps' tokens are for. */
    public static final String API = "https://api.example.com";

    /**
     * A first-party native app with two redirect URIs (a private-use scheme and loopback), whose tokens are for the
     * account API ({@code bulwark:account}) or for the test API ({@code orders:read}), to change further.
     */
    public static AppDefinition.Builder nativeAppBuilder(String clientId) {
        return AppDefinition.builder(new ClientId(clientId), AppType.NATIVE).name("Test app").firstParty(true)
                .redirectUris(List.of(RedirectUri.of("com.example.app:/callback"),
                        RedirectUri.of("http://127.0.0.1/callback")))
                .scopes(Scopes.parse("openid profile email bulwark:account orders:read")).audiences(List.of(API));
    }

    /** A first-party native app with this second-factor policy. */
    public static AppDefinition nativeApp(String clientId, SecondFactorPolicy secondFactors) {
        return nativeAppBuilder(clientId).secondFactors(secondFactors).build();
    }

    /** A first-party native app with this device policy. */
    public static AppDefinition nativeApp(String clientId, DevicePolicy devices) {
        return nativeAppBuilder(clientId).devices(devices).build();
    }

    public static AppDefinition service(String clientId) {
        return serviceBuilder(clientId).build();
    }

    /** The test API as a registered resource server: it may introspect tokens for {@link #API}, read the feed. */
    public static AppDefinition resourceServer(String clientId) {
        return serviceBuilder(clientId).resource(java.util.Optional.of(API)).build();
    }

    /** A confidential service with a client secret and client credentials, to change further. */
    public static AppDefinition.Builder serviceBuilder(String clientId) {
        return AppDefinition.builder(new ClientId(clientId), AppType.SERVICE).name("Test service")
                .scopes(Scopes.parse("orders:read")).audiences(List.of(API));
    }
}
