package dev.bulwark.server.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON calls with a bearer token, as an app calls the account and admin APIs. */
public final class ApiCalls {
    private ApiCalls() {
    }

    public static HttpResponse<String> call(URI base, String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request.build());
    }

    public static HttpResponse<String> get(URI base, String path, String token) {
        return call(base, "GET", path, token, null);
    }
}
