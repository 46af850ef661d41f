package dev.bulwark.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before any route runs (a header block over the limit, a malformed URI, a body
 * whose declared length is over the limit, a request during shutdown) get the same problem JSON and secure
 * headers as every other error, instead of Jetty's HTML page.
 */
final class JettyProblemHandler extends ErrorHandler {
    private final ObjectMapper json;
    private final ClientAddresses clients;

    JettyProblemHandler(ObjectMapper json, ClientAddresses clients) {
        this.json = json;
        this.clients = clients;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException cause) {
            status = cause.getCode();
            response.setStatus(status);
        }
        boolean secure = clients.secureTransport(request.getConnectionMetaData().isSecure(),
                Request.getRemoteAddr(request), request.getHeaders().get("X-Forwarded-Proto"));
        SecureHeaders.apply(secure, (name, value) -> response.getHeaders().put(name, value));
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        String title = HttpStatus.getMessage(status);
        Problem problem = Problem.ofStatus(status, title, detail(status), null);
        try {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(problem)), callback);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
        return true;
    }

    private static String detail(int status) {
        return switch (status) {
            case 413 -> "The request body is larger than this server accepts.";
            case 414 -> "The request URI is longer than this server accepts.";
            case 431 -> "The request headers are larger than this server accepts.";
            case 503 -> "The server is shutting down or overloaded; try again shortly.";
            case 400 -> "The request is malformed.";
            default -> "The request could not be processed.";
        };
    }
}
