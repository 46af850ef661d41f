package dev.bulwark.server.sms;

import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.notify.DeliveryFailure;
import dev.bulwark.core.notify.SmsSender;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends text messages through an SMS provider's HTTP API, described by configuration: the URL, credentials (HTTP
 * Basic or a bearer token) and a body template in which {@code {to}} and {@code {text}} are replaced, escaped for the
 * body's content type (JSON or form). Any 2xx answer is success. Failures are logged without the message.
 */
public final class HttpSmsSender implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSmsSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI url;
    private final Optional<String> authorization;
    private final String contentType;
    private final String bodyTemplate;

    /**
     * @param credentials {@code user:password} for HTTP Basic, when given
     * @param bearerToken a bearer token, when given (not with credentials)
     */
    public HttpSmsSender(URI url, Optional<String> credentials, Optional<String> bearerToken, String contentType,
                         String bodyTemplate) {
        this.url = url;
        this.authorization = credentials.map(c -> "Basic " + Base64.getEncoder()
                        .encodeToString(c.getBytes(StandardCharsets.UTF_8)))
                .or(() -> bearerToken.map(token -> "Bearer " + token));
        this.contentType = contentType;
        this.bodyTemplate = bodyTemplate;
    }

    @Override
    public void send(PhoneNumber to, String text) {
        String body = bodyTemplate.replace("{to}", escape(to.value())).replace("{text}", escape(text));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", contentType + "; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        authorization.ifPresent(value -> request.header("Authorization", value));
        int status;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            LOG.warn("sending a text message failed: {}", e.getClass().getSimpleName());
            throw new DeliveryFailure("The text message could not be sent (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("Interrupted while sending a text message.");
        }
        if (status / 100 != 2) {
            LOG.warn("the SMS provider refused a text message with status {}", status);
            throw new DeliveryFailure("The SMS provider refused the message (status " + status + ").");
        }
    }

    private String escape(String value) {
        if (contentType.equals(FORM)) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
