package dev.bulwark.core.notify;

import dev.bulwark.core.identity.PhoneNumber;

/** Port: sends a text message (an SMS provider's HTTP API in production). */
public interface SmsSender {

    /**
     * Sends the message or throws.
     *
     * @throws DeliveryFailure when the provider refused it or could not be reached
     */
    void send(PhoneNumber to, String text);
}
