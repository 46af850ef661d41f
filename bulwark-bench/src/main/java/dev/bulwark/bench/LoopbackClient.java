package dev.bulwark.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deliberately small HTTP/1.1 client for the load generator: one kept-alive connection, one request at a time,
 * form posts and gets. The load runs on the same two cores as the server it measures, so every millisecond the client
 * spends is one the server does not get; the JDK's HttpClient spends a few per request (selector thread, executor
 * hand-offs), this one a small fraction of that. It reads {@code Content-Length} and chunked bodies and reconnects
 * when the server closes the connection.
 */
final class LoopbackClient implements AutoCloseable {
    /**
     * A response: its status and body, and the seconds its {@code Retry-After} asks the client to wait (0 when it
     * has none).
     */
    record Response(int status, String body, int retryAfterSeconds) {
    }

    private final InetSocketAddress address;
    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LoopbackClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    /** Posts a form to {@code path}, with HTTP Basic credentials when {@code basic} is not null. */
    Response post(String path, String form, String basic) throws IOException {
        return send("POST", path, form.getBytes(StandardCharsets.UTF_8), basic == null ? null : "Basic " + basic);
    }

    /** Gets {@code path}, with the {@code Authorization} header given (such as "Bearer ...") when not null. */
    Response get(String path, String authorization) throws IOException {
        return send("GET", path, null, authorization);
    }

    private Response send(String method, String path, byte[] form, String authorization) throws IOException {
        byte[] body = form == null ? new byte[0] : form;
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nAccept: application/json\r\n");
        if (form != null) {
            head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        if (socket == null) {
            connect();
        }
        try {
            return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), body);
        } catch (IOException stale) {
            // The server may have closed an idle kept-alive connection: one fresh try.
            connect();
            return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), body);
        }
    }

    private void connect() throws IOException {
        close();
        Socket connecting = new Socket();
        try {
            connecting.setTcpNoDelay(true);
            connecting.setSoTimeout(30_000);
            connecting.connect(address, 5_000);
        } catch (IOException e) {
            connecting.close();
            throw e;
        }
        socket = connecting; // only a connected socket is kept: a failed connect leaves none
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();

        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        int retryAfter = 0;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("retry-after:") && lower.substring(12).trim().matches("\\d{1,4}")) {
                retryAfter = Integer.parseInt(lower.substring(12).trim());
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, content);
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers are not used
            }
        } else if (length >= 0) {
            copy(length, content);
        } else {
            in.transferTo(content);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, content.toString(StandardCharsets.UTF_8), retryAfter);
    }

    private void copy(long size, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = in.readNBytes((int) size);
        if (buffer.length != size) {
            throw new IOException("connection closed in a body");
        }
        to.write(buffer);
    }

    /** One header line without its CRLF; null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
