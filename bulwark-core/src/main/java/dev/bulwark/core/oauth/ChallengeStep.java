package dev.bulwark.core.oauth;

import dev.bulwark.core.app.App;
import dev.bulwark.core.audit.AuditEvent;
import java.util.List;
import java.util.Map;

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
     * The auth session after a step; what the step verified, audited in the same commit as the request's outcome
     * (the code, or the session saved for the next step), so that a sign-in commits once; and what the answer to
     * this request must show the app, once, whatever it is (the recovery codes made when a first authenticator is
     * enrolled: never stored in the clear, so never shown again).
     */
    record Progress(AuthSession session, List<AuditEvent> verified, Map<String, Object> shown) {
        public Progress {
            verified = List.copyOf(verified);
            shown = Map.copyOf(shown);
        }

        public Progress(AuthSession session, List<AuditEvent> verified) {
            this(session, verified, Map.of());
        }

        /** The session, with nothing for the commit to audit. */
        public static Progress to(AuthSession session) {
            return new Progress(session, List.of());
        }

        /** This progress, with members the answer must show. */
        public Progress showing(Map<String, Object> members) {
            Map<String, Object> all = new java.util.HashMap<>(shown);
            all.putAll(members);
            return new Progress(session, verified, all);
        }

        @Override
        public String toString() {
            return "Progress[" + session + ", verified=" + verified + ", shown=" + shown.keySet() + "]";
        }
    }
}
