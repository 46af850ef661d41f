package dev.bulwark.bench;

import dev.bulwark.core.crypto.Argon2Parameters;
import dev.bulwark.core.crypto.Argon2id;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same load against Bulwark and Keycloak over loopback, in one run: password logins, refreshes with
 * rotation, client-credentials grants; and the machine's raw Argon2id rate at Keycloak's parameters, measured in
 * the same run, which bounds any login rate. Prints a Markdown table. Run it through load-vs-keycloak.sh.
 */
public final class LoadComparison {
    private static final Argon2Parameters KEYCLOAK_ARGON2 = new Argon2Parameters(7168, 5, 1);
    private static final Pattern FIELD = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration warmup;
    private final Duration measure;

    private LoadComparison(Duration warmup, Duration measure) {
        this.warmup = warmup;
        this.measure = measure;
    }

    /** One unit of work; true when the server answered as it should. */
    private interface Operation {
        boolean run() throws IOException, InterruptedException;
    }

    private record Rate(double perSecond, long errors) {
    }

    private static final Rate NOT_MEASURED = new Rate(Double.NaN, 0);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        var run = new LoadComparison(Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))));
        int loginWorkers = Integer.parseInt(options.getOrDefault("login-concurrency", "4"));
        int workers = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        URI bulwark = URI.create(options.get("bulwark"));
        URI keycloak = URI.create(options.get("keycloak") + "/realms/bench/protocol/openid-connect/token");
        String svcSecret = options.get("bulwark-svc-secret");
        // --only bulwark measures Bulwark alone, for profiling it; the comparison needs both.
        boolean both = !"bulwark".equals(options.get("only"));

        Rate hashes = run.rawArgon2(Integer.parseInt(options.getOrDefault("hash-threads", "2")));
        Map<String, Rate[]> results = new LinkedHashMap<>();
        results.put("password login", new Rate[] {
                both ? run.measure(loginWorkers, () -> () -> run.keycloakLogin(keycloak), keycloak) : NOT_MEASURED,
                run.measure(loginWorkers, () -> {
                    String device = "bench-login-" + Thread.currentThread().threadId();
                    return () -> run.bulwarkRefreshToken(bulwark, device) != null;
                }, bulwark)});
        results.put("refresh (rotated)", new Rate[] {
                both ? run.measure(workers, () -> run.keycloakRefresher(keycloak), keycloak) : NOT_MEASURED,
                run.measure(workers, () -> run.bulwarkRefresher(bulwark), bulwark)});
        results.put("client credentials", new Rate[] {
                both ? run.measure(workers, () -> () -> run.keycloakClientCredentials(keycloak), keycloak) : NOT_MEASURED,
                run.measure(workers, () -> () -> run.bulwarkClientCredentials(bulwark, svcSecret), bulwark)});
        long keycloakRss = both ? rssKib(Long.parseLong(options.get("keycloak-pid"))) : 1;
        long bulwarkRss = rssKib(Long.parseLong(options.get("bulwark-pid")));

        System.out.printf(Locale.ROOT, "Raw Argon2id (native, m=7168 KiB, t=5, p=1, %s threads): %.1f hashes/s%n%n",
                options.getOrDefault("hash-threads", "2"), hashes.perSecond());
        System.out.println("| scenario | Keycloak 26 ops/s | Bulwark ops/s | Bulwark / Keycloak | errors (K/B) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        results.forEach((name, rates) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× | %d/%d |%n",
                name, rates[0].perSecond(), rates[1].perSecond(), rates[1].perSecond() / rates[0].perSecond(),
                rates[0].errors(), rates[1].errors()));
        System.out.printf(Locale.ROOT, "| resident memory after the run | %d MiB | %d MiB | %.2f× | |%n%n",
                keycloakRss / 1024, bulwarkRss / 1024, (double) bulwarkRss / keycloakRss);
        System.out.printf(Locale.ROOT, "Bulwark logins / raw hash rate: %.0f%%%n",
                100 * results.get("password login")[1].perSecond() / hashes.perSecond());
    }

    /** The machine's Argon2id rate with {@code threads} threads hashing flat out. */
    private Rate rawArgon2(int threads) throws InterruptedException {
        Argon2id argon2 = Argon2idCandidates.NATIVE.create();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = "Corr3ct-Horse-Battery".getBytes(StandardCharsets.UTF_8);
        return measure(threads, () -> () -> argon2.hash(KEYCLOAK_ARGON2, password, salt, 32).length == 32, null);
    }

    /**
     * Runs {@code workers} threads, each with its own operation from {@code factory}, for the warm-up and then the
     * measured period; counts what completed in the measured period only.
     */
    private Rate measure(int workers, Supplier<Operation> factory, URI target) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Operation operation = factory.get();
                while (System.nanoTime() < end) {
                    boolean ok;
                    try {
                        ok = operation.run();
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        ok = false;
                    }
                    long now = System.nanoTime();
                    if (now >= measureFrom && now < end) {
                        (ok ? done : errors).incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (target != null) {
            System.err.printf("measured %s: %d ok, %d errors%n", target, done.get(), errors.get());
        }
        return new Rate(done.get() / (double) measure.toSeconds(), errors.get());
    }

    private HttpResponse<String> post(URI uri, String form, String basic) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
    private boolean keycloakLogin(URI endpoint) throws IOException, InterruptedException {
        return post(endpoint, form("grant_type", "password", "client_id", "mobile", "username", "alice",
                "password", "Corr3ct-Horse-Battery", "scope", "openid"), null).statusCode() == 200;
    }

    /** A phone's refresh loop: signs in once, then refreshes with the newest refresh token each time. */
    private Operation keycloakRefresher(URI endpoint) {
        String[] refresh = {keycloakRefreshToken(endpoint)};
        return () -> {
            HttpResponse<String> response = post(endpoint, form("grant_type", "refresh_token", "client_id", "mobile",
                    "refresh_token", refresh[0]), null);
            if (response.statusCode() != 200) {
                refresh[0] = keycloakRefreshToken(endpoint);
                return false;
            }
            refresh[0] = field(response.body(), "refresh_token");
            return true;
        };
    }

    private String keycloakRefreshToken(URI endpoint) {
        try {
            HttpResponse<String> response = post(endpoint, form("grant_type", "password", "client_id", "mobile",
                    "username", "alice", "password", "Corr3ct-Horse-Battery", "scope", "openid"), null);
            return field(response.body(), "refresh_token");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot sign in to Keycloak", e);
        }
    }

    private boolean keycloakClientCredentials(URI endpoint) throws IOException, InterruptedException {
        return post(endpoint, form("grant_type", "client_credentials", "client_id", "svc", "client_secret",
                "svcsecret"), null).statusCode() == 200;
    }

    /** Bulwark's first-party native login: the challenge, then the code exchange with PKCE; the refresh token. */
    private String bulwarkRefreshToken(URI base, String device) throws IOException, InterruptedException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        HttpResponse<String> challenged = post(base.resolve("/oauth2/authorize-challenge"), form("client_id", "mobile",
                "response_type", "code", "scope", "openid", "code_challenge", s256(verifier),
                "code_challenge_method", "S256", "username", "alice", "password", "Corr3ct-Horse-Battery"), null);
        if (challenged.statusCode() != 200) {
            return null;
        }
        HttpResponse<String> exchanged = post(base.resolve("/oauth2/token"), form("grant_type", "authorization_code",
                "client_id", "mobile", "code", field(challenged.body(), "authorization_code"),
                "code_verifier", verifier, "device_id", device), null);
        return exchanged.statusCode() == 200 ? field(exchanged.body(), "refresh_token") : null;
    }

    /** A phone's refresh loop against Bulwark: signs in once, then rotates its refresh token each time. */
    private Operation bulwarkRefresher(URI base) {
        String device = "bench-" + Thread.currentThread().threadId();
        String[] refresh = {signedIn(base, device)};
        return () -> {
            HttpResponse<String> response = post(base.resolve("/oauth2/token"), form("grant_type", "refresh_token",
                    "client_id", "mobile", "refresh_token", refresh[0]), null);
            if (response.statusCode() != 200) {
                refresh[0] = signedIn(base, device);
                return false;
            }
            refresh[0] = field(response.body(), "refresh_token");
            return true;
        };
    }

    private String signedIn(URI base, String device) {
        try {
            String token = bulwarkRefreshToken(base, device);
            if (token == null) {
                throw new IllegalStateException("cannot sign in to Bulwark");
            }
            return token;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot sign in to Bulwark", e);
        }
    }

    private boolean bulwarkClientCredentials(URI base, String secret) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("svc:" + secret).getBytes(StandardCharsets.UTF_8));
        return post(base.resolve("/oauth2/token"), form("grant_type", "client_credentials"), basic).statusCode() == 200;
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
