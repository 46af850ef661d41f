package dev.bulwark.bench;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same load against Bulwark and Keycloak over loopback, in one run: password logins, refreshes with
 * rotation, client-credentials grants; and the machine's raw Argon2id rate at Keycloak's parameters, measured in
 * the same run (just before and just after Bulwark's logins), which bounds any login rate. Every scenario runs
 * once against each server to warm it up before anything is measured. Prints a Markdown table. Run it through
 * load-vs-keycloak.sh.
 */
public final class LoadComparison {
    private static final Argon2Parameters KEYCLOAK_ARGON2 = new Argon2Parameters(7168, 5, 1);
    private static final Pattern FIELD = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]+)\"");
    private static final String KEYCLOAK_TOKEN = "/realms/bench/protocol/openid-connect/token";

    private final long warmupSeconds;
    private final long measureSeconds;

    private LoadComparison(long warmupSeconds, long measureSeconds) {
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
    }

    /** One unit of work; true when the server answered as it should. */
    private interface Operation {
        boolean run() throws IOException;
    }

    /** One scenario: how many clients, and each client's work against Keycloak and against Bulwark. */
    private record Scenario(String name, int workers, Function<LoopbackClient, Operation> keycloak,
                            Function<LoopbackClient, Operation> bulwark) {
    }

    private record Rate(double perSecond, long errors) {
    }

    private static final Rate NOT_MEASURED = new Rate(Double.NaN, 0);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        var run = new LoadComparison(Long.parseLong(options.getOrDefault("warmup", "20")),
                Long.parseLong(options.getOrDefault("seconds", "20")));
        int loginWorkers = Integer.parseInt(options.getOrDefault("login-concurrency", "4"));
        int workers = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int hashThreads = Integer.parseInt(options.getOrDefault("hash-threads", "2"));
        URI bulwark = URI.create(options.get("bulwark"));
        URI keycloak = URI.create(options.get("keycloak"));
        String svcSecret = options.get("bulwark-svc-secret");
        // --only bulwark measures Bulwark alone, for profiling it; the comparison needs both.
        boolean both = !"bulwark".equals(options.get("only"));

        List<Scenario> scenarios = List.of(
                new Scenario("password login", loginWorkers, client -> () -> keycloakLogin(client),
                        client -> {
                            String device = "bench-login-" + Thread.currentThread().threadId();
                            return () -> bulwarkRefreshToken(client, device) != null;
                        }),
                new Scenario("refresh (rotated)", workers, LoadComparison::keycloakRefresher,
                        LoadComparison::bulwarkRefresher),
                new Scenario("client credentials", workers, client -> () -> keycloakClientCredentials(client),
                        client -> () -> bulwarkClientCredentials(client, svcSecret)));

        // Every scenario against each server first, so that the JIT compilers (which run on the same two cores)
        // have done most of their work before anything is measured.
        for (Scenario scenario : scenarios) {
            if (both) {
                run.run(scenario.workers(), scenario.keycloak(), keycloak, run.warmupSeconds,
                        "warm-up, Keycloak " + scenario.name());
            }
            run.run(scenario.workers(), scenario.bulwark(), bulwark, run.warmupSeconds,
                    "warm-up, Bulwark " + scenario.name());
        }
        Map<String, Rate[]> results = new LinkedHashMap<>();
        double[] hashRates = new double[2];
        for (Scenario scenario : scenarios) {
            Rate keycloakRate = both ? run.run(scenario.workers(), scenario.keycloak(), keycloak, run.measureSeconds,
                    "Keycloak " + scenario.name()) : NOT_MEASURED;
            boolean login = scenario == scenarios.get(0);
            if (login) {
                hashRates[0] = run.rawArgon2(hashThreads).perSecond();
            }
            Rate bulwarkRate = run.run(scenario.workers(), scenario.bulwark(), bulwark, run.measureSeconds,
                    "Bulwark " + scenario.name());
            if (login) {
                hashRates[1] = run.rawArgon2(hashThreads).perSecond();
            }
            results.put(scenario.name(), new Rate[] {keycloakRate, bulwarkRate});
        }
        // The machine is shared and its speed drifts: the raw rate brackets Bulwark's logins.
        double hashes = (hashRates[0] + hashRates[1]) / 2;
        long keycloakRss = both ? rssKib(Long.parseLong(options.get("keycloak-pid"))) : 1;
        long bulwarkRss = rssKib(Long.parseLong(options.get("bulwark-pid")));

        System.out.printf(Locale.ROOT, "Raw Argon2id (native, m=7168 KiB, t=5, p=1, %d threads): %.1f hashes/s"
                + " (%.1f just before Bulwark's logins, %.1f just after)%n%n", hashThreads, hashes, hashRates[0],
                hashRates[1]);
        System.out.println("| scenario | Keycloak 26 ops/s | Bulwark ops/s | Bulwark / Keycloak | errors (K/B) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        results.forEach((name, rates) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× | %d/%d |%n",
                name, rates[0].perSecond(), rates[1].perSecond(), rates[1].perSecond() / rates[0].perSecond(),
                rates[0].errors(), rates[1].errors()));
        System.out.printf(Locale.ROOT, "| resident memory after the run | %d MiB | %d MiB | %.2f× | |%n%n",
                keycloakRss / 1024, bulwarkRss / 1024, (double) bulwarkRss / keycloakRss);
        System.out.printf(Locale.ROOT, "Bulwark logins / raw hash rate: %.0f%%%n",
                100 * results.get("password login")[1].perSecond() / hashes);
    }

    /** The machine's Argon2id rate with {@code threads} threads hashing flat out. */
    private Rate rawArgon2(int threads) throws InterruptedException {
        Argon2id argon2 = Argon2idCandidates.NATIVE.create();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = "Corr3ct-Horse-Battery".getBytes(StandardCharsets.UTF_8);
        Operation hash = () -> argon2.hash(KEYCLOAK_ARGON2, password, salt, 32).length == 32;
        return run(threads, client -> hash, null, measureSeconds, "raw Argon2id");
    }

    /**
     * Runs {@code workers} threads for {@code seconds}, each with its own connection to {@code target} (none when
     * it is null) and its own operation from {@code factory}; counts what completed and what failed.
     */
    private Rate run(int workers, Function<LoopbackClient, Operation> factory, URI target, long seconds,
                     String label) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var client = target == null ? null : new LoopbackClient(target)) {
                    Operation operation = factory.apply(client);
                    while (System.nanoTime() < end) {
                        boolean ok;
                        try {
                            ok = operation.run();
                        } catch (IOException | RuntimeException e) {
                            ok = false;
                        }
                        (ok ? done : errors).incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.err.printf(Locale.ROOT, "%s: %d ok, %d errors in %d s%n", label, done.get(), errors.get(), seconds);
        return new Rate(done.get() / (double) seconds, errors.get());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(FIELD.pattern(), Pattern.quote(name))).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in the response");
        }
        return matcher.group(2);
    }

    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    // Keycloak: the password grant of the realm's public client.
    private static boolean keycloakLogin(LoopbackClient client) throws IOException {
        return client.post(KEYCLOAK_TOKEN, form("grant_type", "password", "client_id", "mobile", "username", "alice",
                "password", "Corr3ct-Horse-Battery", "scope", "openid"), null).status() == 200;
    }

    /** A phone's refresh loop: signs in once, then refreshes with the newest refresh token each time. */
    private static Operation keycloakRefresher(LoopbackClient client) {
        String[] refresh = {keycloakRefreshToken(client)};
        return () -> {
            LoopbackClient.Response response = client.post(KEYCLOAK_TOKEN, form("grant_type", "refresh_token", "client_id", "mobile",
                    "refresh_token", refresh[0]), null);
            if (response.status() != 200) {
                refresh[0] = keycloakRefreshToken(client);
                return false;
            }
            refresh[0] = field(response.body(), "refresh_token");
            return true;
        };
    }

    private static String keycloakRefreshToken(LoopbackClient client) {
        try {
            LoopbackClient.Response response = client.post(KEYCLOAK_TOKEN, form("grant_type", "password", "client_id", "mobile",
                    "username", "alice", "password", "Corr3ct-Horse-Battery", "scope", "openid"), null);
            return field(response.body(), "refresh_token");
        } catch (IOException e) {
            throw new IllegalStateException("cannot sign in to Keycloak", e);
        }
    }

    private static boolean keycloakClientCredentials(LoopbackClient client) throws IOException {
        return client.post(KEYCLOAK_TOKEN, form("grant_type", "client_credentials", "client_id", "svc", "client_secret",
                "svcsecret"), null).status() == 200;
    }

    /** Bulwark's first-party native login: the challenge, then the code exchange with PKCE; the refresh token. */
    private static String bulwarkRefreshToken(LoopbackClient client, String device) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        LoopbackClient.Response challenged = client.post("/oauth2/authorize-challenge", form("client_id", "mobile",
                "response_type", "code", "scope", "openid", "code_challenge", s256(verifier),
                "code_challenge_method", "S256", "username", "alice", "password", "Corr3ct-Horse-Battery"), null);
        if (challenged.status() != 200) {
            return null;
        }
        LoopbackClient.Response exchanged = client.post("/oauth2/token", form("grant_type", "authorization_code",
                "client_id", "mobile", "code", field(challenged.body(), "authorization_code"),
                "code_verifier", verifier, "device_id", device), null);
        return exchanged.status() == 200 ? field(exchanged.body(), "refresh_token") : null;
    }

    /** A phone's refresh loop against Bulwark: signs in once, then rotates its refresh token each time. */
    private static Operation bulwarkRefresher(LoopbackClient client) {
        String device = "bench-" + Thread.currentThread().threadId();
        String[] refresh = {signedIn(client, device)};
        return () -> {
            LoopbackClient.Response response = client.post("/oauth2/token", form("grant_type", "refresh_token",
                    "client_id", "mobile", "refresh_token", refresh[0]), null);
            if (response.status() != 200) {
                refresh[0] = signedIn(client, device);
                return false;
            }
            refresh[0] = field(response.body(), "refresh_token");
            return true;
        };
    }

    private static String signedIn(LoopbackClient client, String device) {
        try {
            String token = bulwarkRefreshToken(client, device);
            if (token == null) {
                throw new IllegalStateException("cannot sign in to Bulwark");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot sign in to Bulwark", e);
        }
    }

    private static boolean bulwarkClientCredentials(LoopbackClient client, String secret) throws IOException {
        String basic = Base64.getEncoder().encodeToString(("svc:" + secret).getBytes(StandardCharsets.UTF_8));
        return client.post("/oauth2/token", form("grant_type", "client_credentials"), basic).status() == 200;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
