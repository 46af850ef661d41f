package dev.bulwark.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Load shedding: a bounded number of requests in flight, per class, so that a burst can neither exhaust memory nor
 * make requests wait until their clients give up. Sign-ins check passwords (Argon2id: slow, and memory-hungry by
 * design) and get few places; every other request is cheap and gets more. A request that finds its class full waits
 * for a place if it can expect one within {@code maxWait} (judged by how long the class's requests have been taking);
 * otherwise, or when the wait runs out, it is answered {@code 503} at once, with a {@code Retry-After} of when the
 * queue should have drained (in OAuth error form on the protocol endpoints, RFC 9457 problem JSON on the APIs, a page
 * on the hosted pages). Health and metrics are never shed: an operator must see a busy node.
 */
final class AdmissionControl extends Handler.Wrapper {
    /** What a request costs, by method and path. */
    enum Kind {
        /** Password checks: the hosted sign-in and password forms, the first-party challenge, password changes. */
        SIGN_IN,
        /** Everything else that does work: token grants, introspection, the APIs, pages. */
        REQUEST,
        /** Health and metrics. */
        OPERATIONS
    }

    /**
     * How many requests of a kind may run at once, and which may wait for a place: those that can expect one within
     * {@code maxWait}, judged by how long the kind's requests have been taking (a moving average). The others are
     * shed at once, and told to come back when the queue should have drained.
     */
    private static final class Gate {
        private final int size;
        private final Semaphore places;
        private final int queue;
        private final AtomicInteger waiting = new AtomicInteger();
        /** A moving average of how long a request of this kind holds its place, in nanoseconds. */
        private volatile long averageNanos;

        Gate(int size, int queue, Duration typical) {
            this.size = size;
            this.places = new Semaphore(size, true);
            this.queue = queue;
            this.averageNanos = typical.toNanos();
        }

        /** A place, at once or after at most {@code maxWait} in the queue; empty when there is none. */
        boolean enter(Duration maxWait) throws InterruptedException {
            if (places.tryAcquire()) {
                return true;
            }
            int ahead = waiting.incrementAndGet();
            try {
                if (ahead > queue || expectedWait(ahead) > maxWait.toNanos()) {
                    return false;
                }
                return places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        }

        private long expectedWait(int ahead) {
            return ahead * averageNanos / size;
        }

        /**
         * When a shed request should come back: while about half of what waits now is still waiting, so that the
         * queue has not run dry by the time shed clients return (which would leave the server idle while they wait);
         * 1 to 30 s.
         */
        long retryAfterSeconds() {
            long seconds = expectedWait(waiting.get() + 1) / 2 / 1_000_000_000L;
            return Math.min(30, Math.max(1, seconds));
        }

        void leave(long heldNanos) {
            averageNanos += (heldNanos - averageNanos) / 8; // a racy update is good enough for an estimate
            places.release();
        }
    }

    private static final byte[] PROTOCOL_BODY = ("{\"error\":\"temporarily_unavailable\",\"error_description\":"
            + "\"Bulwark is busy; try again in a moment.\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROBLEM_BODY = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
            + "\"status\":503,\"detail\":\"Bulwark is busy; try again in a moment.\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAGE_BODY = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Busy</title></head><body><main><h1>Busy</h1><p>Too many people are signing in right now. Wait a "
            + "moment, then try again.</p></main></body></html>").getBytes(StandardCharsets.UTF_8);

    private final Gate signIns;
    private final Gate requests;
    private final Duration maxWait;
    private final Counter shedSignIns;
    private final Counter shedRequests;

    /**
     * @param signIns  how many sign-ins may run at once (at most 64 times as many wait)
     * @param requests how many other requests may run at once (at most 16 times as many wait)
     * @param maxWait  how long a request may wait for a place before it is shed
     */
    AdmissionControl(int signIns, int requests, Duration maxWait, MeterRegistry metrics) {
        this.signIns = new Gate(signIns, signIns * 64, Duration.ofMillis(50));
        this.requests = new Gate(requests, requests * 16, Duration.ofMillis(2));
        this.maxWait = maxWait;
        this.shedSignIns = shedCounter(metrics, "sign_in");
        this.shedRequests = shedCounter(metrics, "request");
        Gauge.builder("bulwark_http_requests_waiting", this.signIns.waiting, AtomicInteger::get)
                .description("Requests waiting for a place").tag("class", "sign_in").register(metrics);
        Gauge.builder("bulwark_http_requests_waiting", this.requests.waiting, AtomicInteger::get)
                .description("Requests waiting for a place").tag("class", "request").register(metrics);
    }

    private static Counter shedCounter(MeterRegistry metrics, String kind) {
        return Counter.builder("bulwark_http_requests_shed").description("Requests answered 503 because the server "
                + "was busy").tag("class", kind).register(metrics);
    }

    static Kind kind(String method, String path) {
        if (path.startsWith("/health/") || path.equals("/metrics")) {
            return Kind.OPERATIONS;
        }
        if ("POST".equals(method) && (path.equals("/oauth2/authorize-challenge") || path.equals("/ui/sign-in")
                || path.equals("/ui/password") || path.equals("/account/v1/password")
                || path.equals("/account/v1/password-reset/complete"))) {
            return Kind.SIGN_IN;
        }
        return Kind.REQUEST;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Kind kind = kind(request.getMethod(), path);
        if (kind == Kind.OPERATIONS) {
            return super.handle(request, response, callback);
        }
        Gate gate = kind == Kind.SIGN_IN ? signIns : requests;
        if (!gate.enter(maxWait)) {
            (kind == Kind.SIGN_IN ? shedSignIns : shedRequests).increment();
            shed(path, gate.retryAfterSeconds(), response, callback);
            return true;
        }
        long entered = System.nanoTime();
        AtomicBoolean left = new AtomicBoolean();
        Runnable leave = () -> {
            if (left.compareAndSet(false, true)) { // once, whichever way the request ends
                gate.leave(System.nanoTime() - entered);
            }
        };
        Callback leaving = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                leave.run();
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                leave.run();
                super.failed(x);
            }
        };
        try {
            if (!super.handle(request, response, leaving)) {
                leave.run(); // not handled: no callback will come
                return false;
            }
            return true;
        } catch (Exception | Error e) {
            leave.run();
            throw e;
        }
    }

    private static void shed(String path, long retryAfterSeconds, Response response, Callback callback) {
        boolean protocol = path.startsWith("/oauth2/") || path.startsWith("/.well-known/");
        boolean page = path.startsWith("/ui/");
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, page ? "text/html; charset=utf-8"
                : protocol ? "application/json" : Problem.MEDIA_TYPE);
        if (page) {
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
        byte[] body = page ? PAGE_BODY : protocol ? PROTOCOL_BODY : PROBLEM_BODY;
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
