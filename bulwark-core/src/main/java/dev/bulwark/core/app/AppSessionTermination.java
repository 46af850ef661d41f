package dev.bulwark.core.app;

import dev.bulwark.core.audit.Actor;

/**
 * Port: ends the sessions of an app that is being deleted, so that their refresh tokens fail and their access
 * tokens go into the revocation feed at once. Implemented by the session service; apps need nothing else of sessions.
 */
public interface AppSessionTermination {

    /**
     * Ends every session of the app.
     *
     * @return how many sessions ended
     */
    int endSessionsOf(ClientId client, Actor actor);
}
