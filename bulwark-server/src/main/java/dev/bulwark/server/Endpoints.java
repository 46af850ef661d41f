package dev.bulwark.server;

/** The paths of Bulwark's protocol endpoints, relative to the issuer: one place, for routes and metadata alike. */
public final class Endpoints {
    public static final String AUTHORIZE = "/oauth2/authorize";
    public static final String AUTHORIZE_CHALLENGE = "/oauth2/authorize-challenge";
    public static final String TOKEN = "/oauth2/token";
    public static final String REVOKE = "/oauth2/revoke";
    public static final String INTROSPECT = "/oauth2/introspect";
    public static final String JWKS = "/oauth2/jwks";
    public static final String USERINFO = "/oauth2/userinfo";
    public static final String REVOKED = "/oauth2/revoked";
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    public static final String AUTHORIZATION_SERVER_METADATA = "/.well-known/oauth-authorization-server";

    private Endpoints() {
    }
}
