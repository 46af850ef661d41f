package dev.bulwark.server.mail;

import dev.bulwark.core.notify.DeliveryFailure;
import dev.bulwark.core.notify.Mail;
import dev.bulwark.core.notify.Mailer;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through an SMTP relay with Jakarta Mail (Angus): STARTTLS required, or TLS from the start, the relay's
 * certificate and host name verified either way; plain only where the configuration allows it (development).
 * Failures are logged without the mail's text, which may hold a code.
 */
public final class SmtpMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How the connection to the relay is protected. */
    public enum Security {
        STARTTLS, TLS, NONE;

        public static Security parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    private final Session session;
    private final InternetAddress from;

    public SmtpMailer(String host, int port, Security security, Optional<String> username, Optional<String> password,
                      String from) {
        Properties properties = new Properties();
        String protocol = security == Security.TLS ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", host);
        properties.put("mail." + protocol + ".port", Integer.toString(port));
        properties.put("mail." + protocol + ".connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        properties.put("mail." + protocol + ".timeout", Long.toString(TIMEOUT.toMillis()));
        properties.put("mail." + protocol + ".writetimeout", Long.toString(TIMEOUT.toMillis()));
        if (security == Security.STARTTLS) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (security != Security.NONE) {
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = null;
        if (username.isPresent() && password.isPresent()) {
            properties.put("mail." + protocol + ".auth", "true");
            String user = username.get();
            String secret = password.get();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, secret);
                }
            };
        }
        this.session = Session.getInstance(properties, authenticator);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("mail.from is not a valid address", e);
        }
    }

    @Override
    public void send(Mail mail) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to().value(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.text(), StandardCharsets.UTF_8.name());
            message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies
            Transport.send(message);
        } catch (MessagingException e) {
            // The exception's own text can quote the relay's answer, which may echo the recipient or headers (and
            // the subject holds a code): name the failure's type only.
            LOG.warn("sending mail failed: {}", e.getClass().getSimpleName());
            throw new DeliveryFailure("The mail could not be sent (" + e.getClass().getSimpleName() + ").");
        }
    }
}
