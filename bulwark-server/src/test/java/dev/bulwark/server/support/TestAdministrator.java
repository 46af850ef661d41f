package dev.bulwark.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.Bulwark;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An administrator as the admin API demands one: a user with the admin role and an authenticator app, signed in with
 * both through an app for administration.
 *
 * @param seed the authenticator app's seed, to make further codes
 */
public record TestAdministrator(String username, String password, byte[] seed) {
    /** The app for administration the tests sign administrators in with. */
    public static final String CONSOLE = "admin-console";

    /** Registers the app for administration. */
    public static void registerConsole(Bulwark bulwark) {
        bulwark.apps().create(AppDefinition.builder(new ClientId(CONSOLE), AppType.NATIVE).name("Admin console")
                .firstParty(true).administration(true).scopes(Scopes.parse("openid bulwark:admin"))
                .redirectUris(List.of(RedirectUri.of("http://127.0.0.1/callback"))).build(), Actor.SYSTEM);
    }

    /** Creates an administrator with an authenticator app (confirmed with the code of {@code clock}'s step). */
    public static TestAdministrator create(Bulwark bulwark, String username, String password, Clock clock) {
        User user = bulwark.accounts().create(new NewUser(Username.of(username), Optional.empty(), Optional.empty(),
                Set.of(Role.ADMIN)), Optional.of(Password.of(password)), false, Actor.SYSTEM);
        var enrolment = bulwark.secondFactors().beginTotp(user);
        byte[] seed = TestAuthenticator.base32(enrolment.secret());
        bulwark.secondFactors().confirmTotp(user.id(), enrolment.id(), TestAuthenticator.code(seed, clock.instant()),
                Optional.empty(), Actor.SYSTEM);
        return new TestAdministrator(username, password, seed);
    }

    /**
     * Signs in through the console with the password and the authenticator's code {@code step} steps after
     * {@code clock}'s (each code is accepted once: a later sign-in uses a later step), and returns the tokens.
     */
    public JsonNode signIn(URI base, Clock clock, int step) {
        ChallengeSignIn signIn = new ChallengeSignIn(base, CONSOLE, "openid bulwark:admin");
        JsonNode asked = signIn.send("username", username, "password", password);
        if (!asked.has("factors")) {
            throw new AssertionError("the console did not ask for a second factor: " + asked);
        }
        return signIn.tokens(signIn.send("otp", TestAuthenticator.code(seed,
                clock.instant().plus(Duration.ofSeconds(30L * step)))));
    }
}
