package dev.bulwark.core.oauth;

import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.AuditEvent;
import java.util.List;

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
    Progress apply(App client, AuthSession session, ChallengeRequest request);

    /**
     * The auth session after a step, and what the step verified that is audited in the same commit as the
     * request's outcome (the code, or the session saved for the next step), so that a sign-in commits once.
     */
    record Progress(AuthSession session, List<AuditEvent> verified) {
        public Progress {
            verified = List.copyOf(verified);
        }

        /** The session, with nothing for the commit to audit. */
        public static Progress to(AuthSession session) {
            return new Progress(session, List.of());
        }
    }
}
