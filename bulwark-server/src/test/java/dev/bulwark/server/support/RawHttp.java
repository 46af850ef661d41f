package dev.bulwark.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends bytes that a well-behaved HTTP client would refuse to send, and reads the raw answer. */
public final class RawHttp {
    private RawHttp() {
    }

    public static String exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String exchange(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading everything we send
            }
            InputStream in = socket.getInputStream();
            var response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            try {
                while ((read = in.read(buffer)) >= 0) {
                    response.write(buffer, 0, read);
                    if (complete(response.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // a reset after the answer is fine
            }
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a whole response with a Content-Length body has arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        var matcher = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, end));
        return matcher.find() && text.length() - end - 4 >= Integer.parseInt(matcher.group(1));
    }

    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    public static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    public static String header(String response, String name) {
        var matcher = java.util.regex.Pattern.compile("(?im)^" + name + ": *(.*)$").matcher(response);
        return matcher.find() ? matcher.group(1) : null;
    }
}
