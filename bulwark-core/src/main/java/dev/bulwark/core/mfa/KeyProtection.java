package dev.bulwark.core.mfa;

/** What Bulwark knows about where a device key lives. */
public enum KeyProtection {
    /** Nothing proven: the app says it made the key in secure hardware with user authentication required. */
    UNVERIFIED,
    /** An attestation proved the key hardware-backed (TEE or Secure Enclave) and bound to user authentication. */
    HARDWARE,
    /** As {@link #HARDWARE}, in a discrete secure element (Android StrongBox). */
    STRONGBOX
}
