package dev.bulwark.core.identity;

import dev.bulwark.core.audit.Actor;
import java.util.Optional;

/**
 * Port: ends a user's sessions when something about the user changes (a new password, a disabled or deleted
 * account). Implemented by the session service; identity needs nothing else of sessions.
 */
public interface SessionTermination {

    enum Reason {
        PASSWORD_CHANGED, USER_DISABLED, USER_DELETED
    }

    /**
     * Ends the user's sessions, except the one identified by {@code keep} (the session the change was made from).
     *
     * @return how many sessions ended
     */
    int endSessions(UserId user, Optional<String> keep, Reason reason, Actor actor);

    /** For tools that manage users without sessions. */
    SessionTermination NONE = (user, keep, reason, actor) -> 0;
}
