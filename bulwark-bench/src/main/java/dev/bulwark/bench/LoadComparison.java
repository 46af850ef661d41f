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
import java.util.Arrays;
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
 * the same run (before, between and after rounds of Bulwark's logins), which bounds any login rate. Every
 * scenario runs once against each server to warm it up before anything is measured. Prints a Markdown table and
 * each server's CPU time per operation. Run it through load-vs-keycloak.sh.
 */
public final class LoadComparison {
    private static final Argon2Parameters KEYCLOAK_ARGON2 = new Argon2Parameters(7168, 5, 1);
    private static final Pattern FIELD = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]+)\"");
    private static final String KEYCLOAK_TOKEN = "/realms/bench/protocol/openid-connect/token";
    private static final long WARM_UP_OPERATIONS = 3_000;
    private static final long WARM_UP_LIMIT = 6;

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

    /** Operations per second, failures, and the server's CPU time per operation (NaN when not read). */
    private record Rate(double perSecond, long errors, double cpuMillisPerOperation) {
    }

    private static final Rate NOT_MEASURED = new Rate(Double.NaN, 0, Double.NaN);

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
        int loginRounds = Integer.parseInt(options.getOrDefault("login-rounds", "3"));
        if (loginRounds < 1) {
            throw new IllegalArgumentException("--login-rounds must be at least 1");
        }
        URI bulwark = URI.create(options.get("bulwark"));
        URI keycloak = URI.create(options.get("keycloak"));
        String svcSecret = options.get("bulwark-svc-secret");
        // --only bulwark measures Bulwark alone, for profiling it; the comparison needs both.
        boolean both = !"bulwark".equals(options.get("only"));
        long bulwarkPid = Long.parseLong(options.get("bulwark-pid"));
        long keycloakPid = both ? Long.parseLong(options.get("keycloak-pid")) : 0;

        List<Scenario> all = List.of(
                new Scenario("password login", loginWorkers, client -> () -> keycloakLogin(client),
                        client -> {
                            String device = "bench-login-" + Thread.currentThread().threadId();
                            return () -> bulwarkRefreshToken(client, device) != null;
                        }),
                new Scenario("refresh (rotated)", workers, LoadComparison::keycloakRefresher,
                        LoadComparison::bulwarkRefresher),
                new Scenario("client credentials", workers, client -> () -> keycloakClientCredentials(client),
                        client -> () -> bulwarkClientCredentials(client, svcSecret)));
        // --scenarios 1 (or 1,2) runs only those, counted from 1, for profiling one of them; logins come first.
        List<Scenario> scenarios = options.containsKey("scenarios")
                ? Arrays.stream(options.get("scenarios").split(",")).map(n -> all.get(Integer.parseInt(n) - 1)).toList()
                : all;

        // Every scenario against each server first, so that the JIT compilers (which run on the same two cores)
        // have done most of their work before anything is measured. They compile a method once it has run some
        // thousands of times, so a warm-up is counted in operations as well as seconds: 20 s are 25,000 or more
        // refreshes but only 1,000 to 2,000 logins, too few for code that runs once per login.
        for (Scenario scenario : scenarios) {
            if (both) {
                run.warmUp(scenario.workers(), scenario.keycloak(), keycloak, keycloakPid, "Keycloak " + scenario.name());
            }
            run.warmUp(scenario.workers(), scenario.bulwark(), bulwark, bulwarkPid, "Bulwark " + scenario.name());
        }
        Map<String, Rate[]> results = new LinkedHashMap<>();
        List<Double> hashRates = new ArrayList<>();
        List<Double> loginRatios = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Rate keycloakRate = both ? run.run(scenario.workers(), scenario.keycloak(), keycloak, keycloakPid,
                    run.measureSeconds, "Keycloak " + scenario.name()) : NOT_MEASURED;
            Rate bulwarkRate;
            if (scenario == all.get(0)) {
                // The machine is shared and its speed drifts by up to 20% within a minute: rounds of logins
                // alternate with rounds of raw hashing, and each login round is set against the raw rate
                // measured just before and just after it.
                List<Rate> rounds = new ArrayList<>();
                hashRates.add(run.rawArgon2(hashThreads).perSecond());
                for (int round = 1; round <= loginRounds; round++) {
                    Rate logins = run.run(scenario.workers(), scenario.bulwark(), bulwark, bulwarkPid,
                            run.measureSeconds, "Bulwark " + scenario.name() + ", round " + round);
                    hashRates.add(run.rawArgon2(hashThreads).perSecond());
                    rounds.add(logins);
                    loginRatios.add(logins.perSecond() / ((hashRates.get(round - 1) + hashRates.get(round)) / 2));
                }
                bulwarkRate = new Rate(rounds.stream().mapToDouble(Rate::perSecond).sum() / loginRounds,
                        rounds.stream().mapToLong(Rate::errors).sum(),
                        rounds.stream().mapToDouble(Rate::cpuMillisPerOperation).sum() / loginRounds);
            } else {
                bulwarkRate = run.run(scenario.workers(), scenario.bulwark(), bulwark, bulwarkPid,
                        run.measureSeconds, "Bulwark " + scenario.name());
            }
            results.put(scenario.name(), new Rate[] {keycloakRate, bulwarkRate});
        }
        long keycloakRss = both ? rssKib(keycloakPid) : 1;
        long bulwarkRss = rssKib(bulwarkPid);

        if (!hashRates.isEmpty()) {
            System.out.printf(Locale.ROOT, "Raw Argon2id (native, m=7168 KiB, t=5, p=1, %d threads), hashes/s before,"
                    + " between and after Bulwark's login rounds: %s%n%n", hashThreads, hashRates.stream()
                    .map(rate -> String.format(Locale.ROOT, "%.1f", rate)).toList());
        }
        System.out.println("| scenario | Keycloak 26 ops/s | Bulwark ops/s | Bulwark / Keycloak | server CPU ms/op (K/B)"
                + " | errors (K/B) |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        results.forEach((name, rates) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× | %.2f/%.2f"
                + " | %d/%d |%n", name, rates[0].perSecond(), rates[1].perSecond(),
                rates[1].perSecond() / rates[0].perSecond(), rates[0].cpuMillisPerOperation(),
                rates[1].cpuMillisPerOperation(), rates[0].errors(), rates[1].errors()));
        System.out.printf(Locale.ROOT, "| resident memory after the run | %d MiB | %d MiB | %.2f× | | |%n%n",
                keycloakRss / 1024, bulwarkRss / 1024, (double) bulwarkRss / keycloakRss);
        if (!results.containsKey(all.get(0).name())) {
            return;
        }
        List<Double> sorted = loginRatios.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "Bulwark logins / raw hash rate, per round: %s; median %.0f%%%n",
                loginRatios.stream().map(ratio -> String.format(Locale.ROOT, "%.0f%%", 100 * ratio)).toList(),
                100 * median);
        // A diagnosis rather than the measure: how much of the server's CPU time per login the hash itself takes.
        // Logins ran, so there are loginRounds + 1 raw rates.
        double hashMillis = hashThreads * 1000 / (hashRates.stream().mapToDouble(Double::doubleValue).sum()
                / hashRates.size());
        System.out.printf(Locale.ROOT, "Raw hash time / Bulwark's CPU time per login: %.0f%% (%.2f ms of %.2f ms)%n",
                100 * hashMillis / results.get("password login")[1].cpuMillisPerOperation(), hashMillis,
                results.get("password login")[1].cpuMillisPerOperation());
    }

    /** The machine's Argon2id rate with {@code threads} threads hashing flat out. */
    private Rate rawArgon2(int threads) throws InterruptedException, IOException {
        Argon2id argon2 = Argon2idCandidates.NATIVE.create();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = "Corr3ct-Horse-Battery".getBytes(StandardCharsets.UTF_8);
        Operation hash = () -> argon2.hash(KEYCLOAK_ARGON2, password, salt, 32).length == 32;
        return run(threads, client -> hash, null, 0, measureSeconds, "raw Argon2id");
    }

    /**
     * Runs {@code workers} threads for {@code seconds}, each with its own connection to {@code target} (none when
     * it is null) and its own operation from {@code factory}; counts what completed and what failed, and how much
     * CPU time the server's process (pid {@code server}; none when 0) spent meanwhile.
     */
    private Rate run(int workers, Function<LoopbackClient, Operation> factory, URI target, long server, long seconds,
                     String label) throws InterruptedException, IOException {
        return run(workers, factory, target, server, seconds, 0, seconds, label);
    }

    /**
     * A warm-up: {@code warmupSeconds}, and longer if fewer than {@link #WARM_UP_OPERATIONS} completed by then,
     * but never more than {@link #WARM_UP_LIMIT} times as long.
     */
    private void warmUp(int workers, Function<LoopbackClient, Operation> factory, URI target, long server,
                        String label) throws InterruptedException, IOException {
        run(workers, factory, target, server, warmupSeconds, WARM_UP_OPERATIONS, WARM_UP_LIMIT * warmupSeconds,
                "warm-up, " + label);
    }

    /**
     * As above, for at least {@code seconds} and then until {@code operations} completed or {@code limitSeconds}
     * passed; the rate is over the time it ran.
     */
    private Rate run(int workers, Function<LoopbackClient, Operation> factory, URI target, long server, long seconds,
                     long operations, long limitSeconds, String label) throws InterruptedException, IOException {
        long cpuBefore = server == 0 ? 0 : cpuTicks(server);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long limit = start + limitSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var client = target == null ? null : new LoopbackClient(target)) {
                    Operation operation = factory.apply(client);
                    for (long now = System.nanoTime(); now < end || done.get() < operations && now < limit;
                         now = System.nanoTime()) {
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
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMillis = server == 0 ? Double.NaN : (cpuTicks(server) - cpuBefore) * 1000.0 / TICKS_PER_SECOND;
        System.err.printf(Locale.ROOT, "%s: %d ok, %d errors in %.0f s; server CPU %.2f ms per operation%n", label,
                done.get(), errors.get(), elapsed, cpuMillis / done.get());
        return new Rate(done.get() / elapsed, errors.get(), cpuMillis / done.get());
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile(String.format(FIELD.pattern(), Pattern.quote(name))).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in the response");
        }
        return matcher.group(2);
    }

    static String form(String... pairs) {
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

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Linux's USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on every architecture Linux runs on now. */
    private static final long TICKS_PER_SECOND = 100;

    /** User and system CPU time a process has spent, in ticks, from /proc (fields 14 and 15 of its stat). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
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
