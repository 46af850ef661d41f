package dev.bulwark.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bursts of many concurrent connections against Bulwark and Keycloak over loopback, in one run: each connection a
 * client that sends its next request as soon as the last is answered, for a few seconds. Reports per burst what
 * was accepted (200) and shed (503) per second, what failed otherwise (timeouts, refused or dropped connections,
 * other statuses), the 50th and 99th percentile latency of accepted requests, and the server's peak resident memory
 * during the burst. A server that holds up answers every request, fast or with 503 at once, and never runs out of
 * memory. Run it through burst-vs-keycloak.sh.
 */
public final class BurstLoad {
    private static final String KEYCLOAK_TOKEN = "/realms/bench/protocol/openid-connect/token";
    private static final String PASSWORD = "Corr3ct-Horse-Battery";
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"authorization_code\"\\s*:\\s*\"([^\"]+)\"");
    /** Accounts user0..user7, one per share of the connections, on both servers. */
    private static final int ACCOUNTS = 8;

    /** What one connection does, against one server. */
    private interface Client {
        /** One request; its response. */
        LoopbackClient.Response next() throws IOException;
    }

    /** A server under test: its base URL, its process, and how its clients do each scenario. */
    private record Server(String name, URI base, long pid, Map<String, ClientFactory> scenarios) {
    }

    private interface ClientFactory {
        Client open(LoopbackClient connection, int index) throws IOException;
    }

    /** One burst's outcome. */
    private record Outcome(double acceptedPerSecond, double shedPerSecond, long timeouts, long errors,
                           double p50Millis, double p99Millis, long peakRssKib, double serverCpuMillisPerAccepted) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long seconds = Long.parseLong(options.getOrDefault("seconds", "15"));
        long warmup = Long.parseLong(options.getOrDefault("warmup", "20"));
        // Clients wait as a 503's Retry-After asks, as the SDK does; --retry-after ignore sends the next request at
        // once, the worst a client can do.
        boolean honourRetryAfter = !"ignore".equals(options.get("retry-after"));
        List<Integer> bursts = Arrays.stream(options.getOrDefault("connections", "100,1000,5000").split(","))
                .map(Integer::parseInt).toList();
        List<String> scenarios = List.of(options.getOrDefault("scenarios", "client_credentials,refresh,login")
                .split(","));
        List<Server> servers = new ArrayList<>();
        String secret = options.get("bulwark-svc-secret");
        servers.add(new Server("Bulwark", URI.create(options.get("bulwark")), Long.parseLong(options.get("bulwark-pid")),
                Map.of("client_credentials", (connection, index) -> () -> connection.post("/oauth2/token",
                                form("grant_type", "client_credentials"), basic("svc", secret)),
                        "refresh", BurstLoad::bulwarkRefresher,
                        "login", (connection, index) -> () -> bulwarkLogin(connection, index))));
        if (options.containsKey("keycloak")) {
            servers.add(new Server("Keycloak 26", URI.create(options.get("keycloak")),
                    Long.parseLong(options.get("keycloak-pid")),
                    Map.of("client_credentials", (connection, index) -> () -> connection.post(KEYCLOAK_TOKEN,
                                    form("grant_type", "client_credentials", "client_id", "svc", "client_secret",
                                            "svcsecret"), null),
                            "refresh", BurstLoad::keycloakRefresher,
                            "login", (connection, index) -> () -> connection.post(KEYCLOAK_TOKEN,
                                    keycloakPasswordGrant(index), null))));
        }
        // Each scenario against each server first, unmeasured, so that the JIT compilers (on the same two cores)
        // have done most of their work: a cold server is slower, and would flatter the bursts after it.
        for (String scenario : scenarios) {
            for (Server server : servers) {
                burst(server, scenario, 8, warmup, honourRetryAfter);
            }
        }
        System.out.println("| scenario | connections | server | accepted/s | vs 8 connections | shed/s (503) "
                + "| timeouts | other errors | p50 ms | p99 ms | peak RSS MiB | server CPU ms per accepted |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        // The machine is shared and its speed drifts: each burst is set against runs of 8 connections just before
        // and just after it.
        for (String scenario : scenarios) {
            for (Server server : servers) {
                Outcome before = burst(server, scenario, 8, seconds, honourRetryAfter);
                print(scenario, 8, server, before, Double.NaN);
                for (int connections : bursts) {
                    Thread.sleep(3_000); // let the server settle
                    Outcome outcome = burst(server, scenario, connections, seconds, honourRetryAfter);
                    Thread.sleep(3_000);
                    Outcome after = burst(server, scenario, 8, seconds, honourRetryAfter);
                    double baseline = (before.acceptedPerSecond() + after.acceptedPerSecond()) / 2;
                    print(scenario, connections, server, outcome, outcome.acceptedPerSecond() / baseline);
                    before = after;
                }
            }
        }
    }

    private static void print(String scenario, int connections, Server server, Outcome outcome, double ratio) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %s | %.0f | %d | %d | %.1f | %.1f | %d | %.2f |%n",
                scenario, connections, server.name(), outcome.acceptedPerSecond(), Double.isNaN(ratio) ? ""
                        : String.format(Locale.ROOT, "%.0f%%", 100 * ratio), outcome.shedPerSecond(),
                outcome.timeouts(), outcome.errors(), outcome.p50Millis(), outcome.p99Millis(),
                outcome.peakRssKib() / 1024, outcome.serverCpuMillisPerAccepted());
    }

    /**
     * {@code connections} clients at once against {@code server} for {@code seconds}, each on its own connection and
     * virtual thread; clients that must sign in first do so before the clock starts.
     */
    private static Outcome burst(Server server, String scenario, int connections, long seconds,
                                 boolean honourRetryAfter) throws Exception {
        List<Client> clients = new ArrayList<>();
        List<LoopbackClient> sockets = new ArrayList<>();
        ClientFactory factory = server.scenarios().get(scenario);
        try (ExecutorService setup = Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Client>> opened = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                LoopbackClient socket = new LoopbackClient(server.base());
                sockets.add(socket);
                int index = i;
                opened.add(setup.submit(() -> factory.open(socket, index)));
            }
            for (var future : opened) {
                clients.add(future.get());
            }
        }
        AtomicLong accepted = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<String, Long> kinds = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peakRss = new AtomicLong();
        AtomicReference<Exception> sampling = new AtomicReference<>();
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    peakRss.accumulateAndGet(rssKib(server.pid()), Math::max);
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    sampling.set(e);
                    return;
                }
            }
        });
        long cpuBefore = cpuTicks(server.pid());
        long clientCpuBefore = cpuTicks(ProcessHandle.current().pid());
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Client client : clients) {
                load.submit(() -> {
                    long[] mine = new long[1024];
                    int count = 0;
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        try {
                            LoopbackClient.Response response = client.next();
                            int status = response.status();
                            if (status == 200) {
                                if (count == mine.length) {
                                    mine = Arrays.copyOf(mine, count * 2);
                                }
                                mine[count++] = System.nanoTime() - sent;
                                accepted.incrementAndGet();
                            } else if (status == 503) {
                                shed.incrementAndGet();
                                if (honourRetryAfter) {
                                    // As a phone's SDK does (RFC 9110 §10.2.3): wait as asked, with some jitter.
                                    long wait = Math.max(1, response.retryAfterSeconds()) * 1_000_000_000L
                                            + java.util.concurrent.ThreadLocalRandom.current().nextLong(250_000_000L);
                                    Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(wait,
                                            end - System.nanoTime()))));
                                }
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        } catch (java.net.SocketTimeoutException e) {
                            timeouts.incrementAndGet(); // no answer within the client's 30 s
                        } catch (IOException | RuntimeException e) {
                            errors.incrementAndGet(); // refused, reset or dropped: a real client backs off
                            kinds.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
                            sleepBriefly();
                        }
                    }
                    latencies.add(Arrays.copyOf(mine, count));
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (cpuTicks(server.pid()) - cpuBefore) * 10.0; // ticks of 10 ms (USER_HZ is 100)
        double clientCpuMillis = (cpuTicks(ProcessHandle.current().pid()) - clientCpuBefore) * 10.0;
        running.set(false);
        sampler.join();
        sockets.forEach(LoopbackClient::close);
        if (sampling.get() != null) {
            throw new IllegalStateException("cannot read the server's memory", sampling.get());
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.err.printf(Locale.ROOT, "%s, %s, %d connections: %d accepted, %d shed, %d timeouts, %d errors in %.0f s;"
                        + " CPU cores used: server %.2f, load generator %.2f%n", server.name(), scenario, connections,
                accepted.get(), shed.get(), timeouts.get(), errors.get(), elapsed, cpuMillis / 1000 / elapsed,
                clientCpuMillis / 1000 / elapsed);
        kinds.forEach((kind, count) -> System.err.printf(Locale.ROOT, "  %d × %s%n", count, kind));
        return new Outcome(accepted.get() / elapsed, shed.get() / elapsed, timeouts.get(), errors.get(),
                percentile(all, 0.50), percentile(all, 0.99), peakRss.get(), cpuMillis / accepted.get());
    }

    private static double percentile(long[] sortedNanos, double fraction) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(fraction * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /** A phone's refresh loop against Bulwark: signs in once (before the burst), then rotates its token each time. */
    private static Client bulwarkRefresher(LoopbackClient connection, int index) throws IOException {
        String[] refresh = {bulwarkSignIn(connection, index)};
        return () -> {
            LoopbackClient.Response response = connection.post("/oauth2/token", form("grant_type", "refresh_token",
                    "client_id", "mobile", "refresh_token", refresh[0]), null);
            if (response.status() == 200) {
                refresh[0] = matched(REFRESH_TOKEN, response.body());
            }
            return response;
        };
    }

    /** Bulwark's first-party native login and code exchange; the refresh token. */
    private static String bulwarkSignIn(LoopbackClient connection, int index) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            String verifier = verifier();
            LoopbackClient.Response challenged = connection.post("/oauth2/authorize-challenge",
                    challengeForm(index, verifier), null);
            if (challenged.status() == 200) {
                LoopbackClient.Response exchanged = connection.post("/oauth2/token", form("grant_type",
                        "authorization_code", "client_id", "mobile", "code", matched(CODE, challenged.body()),
                        "code_verifier", verifier, "device_id", "burst-" + index), null);
                if (exchanged.status() == 200) {
                    return matched(REFRESH_TOKEN, exchanged.body());
                }
            }
            sleepBriefly(); // shed while others sign in: try again
        }
        throw new IOException("cannot sign in to Bulwark");
    }

    /** One password sign-in against Bulwark (the challenge endpoint: the password check, and a code). */
    private static LoopbackClient.Response bulwarkLogin(LoopbackClient connection, int index) throws IOException {
        return connection.post("/oauth2/authorize-challenge", challengeForm(index, verifier()), null);
    }

    private static String challengeForm(int index, String verifier) {
        return form("client_id", "mobile", "response_type", "code", "scope", "openid", "code_challenge",
                s256(verifier), "code_challenge_method", "S256", "username", "user" + index % ACCOUNTS,
                "password", PASSWORD);
    }

    private static Client keycloakRefresher(LoopbackClient connection, int index) throws IOException {
        String[] refresh = {keycloakSignIn(connection, index)};
        return () -> {
            LoopbackClient.Response response = connection.post(KEYCLOAK_TOKEN, form("grant_type", "refresh_token",
                    "client_id", "mobile", "refresh_token", refresh[0]), null);
            if (response.status() == 200) {
                refresh[0] = matched(REFRESH_TOKEN, response.body());
            }
            return response;
        };
    }

    private static String keycloakSignIn(LoopbackClient connection, int index) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            LoopbackClient.Response response = connection.post(KEYCLOAK_TOKEN, keycloakPasswordGrant(index), null);
            if (response.status() == 200) {
                return matched(REFRESH_TOKEN, response.body());
            }
            sleepBriefly();
        }
        throw new IOException("cannot sign in to Keycloak");
    }

    private static String keycloakPasswordGrant(int index) {
        return form("grant_type", "password", "client_id", "mobile", "username", "user" + index % ACCOUNTS,
                "password", PASSWORD, "scope", "openid");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String matched(Pattern pattern, String body) throws IOException {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IOException("unexpected answer");
        }
        return matcher.group(1);
    }

    private static String basic(String client, String secret) {
        return Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** User and system CPU time a process has spent, in ticks, from /proc (fields 14 and 15 of its stat). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Resident set size of a process, from /proc. */
    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
