package dev.bulwark.core.notify;

/** A mail or text message that could not be sent; says why without the message's text. */
public final class DeliveryFailure extends RuntimeException {
    public DeliveryFailure(String message) {
        super(message);
    }
}
