package dev.bulwark.core.oauth;

import dev.bulwark.core.app.App;

/**
 * One step of a first-party sign-in. Steps run in order on every challenge request; each either has nothing to
 * do, advances the auth session, or refuses (throwing a {@link dev.bulwark.core.DomainException}, usually
 * {@code insufficient_authorization} saying what the app must collect next). When every step has nothing left to
 * do, a code is issued. Second factors, passkeys and device attestation are further steps.
 */
public interface ChallengeStep {

    /**
     * @param client the app signing its user in, with its policies
     * @return the auth session, advanced if this step did something
     */
    AuthSession apply(App client, AuthSession session, ChallengeRequest request);
}
