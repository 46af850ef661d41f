package dev.bulwark.server.sms;

import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.notify.SmsSender;
import java.io.PrintStream;

/**
 * Development only (the configuration refuses it in production): prints text messages, codes included, to the
 * console instead of sending them, so that SMS sign-in can be tried without a provider.
 */
public final class ConsoleSmsSender implements SmsSender {
    private final PrintStream console;

    public ConsoleSmsSender(PrintStream console) {
        this.console = console;
    }

    @Override
    public void send(PhoneNumber to, String text) {
        console.println("[development SMS to " + to.value() + "] " + text);
    }
}
