package dev.bulwark.server.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Form posts to the protocol endpoints, as an OAuth client sends them. */
public final class Form {
    private final Map<String, String> fields = new LinkedHashMap<>();
    private String basic;

    public static Form of(String... pairs) {
        Form form = new Form();
        for (int i = 0; i < pairs.length; i += 2) {
            form.fields.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    public Form with(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** HTTP Basic client authentication, with each part form-encoded first (RFC 6749 §2.3.1). */
    public Form basic(String clientId, String secret) {
        basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret))
                .getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public HttpResponse<String> post(URI base, String path) {
        return post(base, path, new String[0]);
    }

    /** Posts the form with extra request headers (name, value, …), such as a DPoP proof. */
    public HttpResponse<String> post(URI base, String path, String... headers) {
        String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (basic != null) {
            request.header("Authorization", "Basic " + basic);
        }
        return Http.send(request.build());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
