package dev.bulwark.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the configuration: the YAML file (given by flag, by {@code BULWARK_CONFIG}, or {@code ./bulwark.yaml}
 * when present), then {@code BULWARK_...} environment variables over it, then defaults. Validates every value,
 * refuses unknown settings (a typo must not silently leave a default in force), and in production mode refuses
 * insecure combinations. All problems are reported together, one line each.
 */
public final class ConfigLoader {
    /** Environment variable naming the configuration file. */
    public static final String CONFIG_FILE_VARIABLE = "BULWARK_CONFIG";
    /** Environment variables with Bulwark's prefix that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of(CONFIG_FILE_VARIABLE, "BULWARK_JAVA_OPTS");
    /**
     * What Kubernetes injects for a Service named "bulwark" (BULWARK_SERVICE_HOST, BULWARK_PORT_8080_TCP_ADDR...):
     * not settings, and no setting's name looks like them.
     */
    private static final java.util.regex.Pattern KUBERNETES_SERVICE_LINK =
            java.util.regex.Pattern.compile("BULWARK_(SERVICE_(HOST|PORT)(_\\w+)?|PORT(_\\w+)?)");
    private static final String DEFAULT_FILE = "bulwark.yaml";
    /** OWASP's Argon2id configurations run from m=47104 KiB, t=1 to m=7168 KiB, t=5: about 36 MiB-passes each. */
    private static final int MIN_PRODUCTION_MEMORY_KIB = 7_168;
    private static final long MIN_PRODUCTION_MEMORY_PASSES = 7_168L * 5;

    private static final Map<String, Setting<?>> BY_KEY = Settings.ALL.stream()
            .collect(Collectors.toMap(Setting::key, Function.identity()));
    private static final Map<String, Setting<?>> BY_VARIABLE = Settings.ALL.stream()
            .collect(Collectors.toMap(Setting::environmentVariable, Function.identity()));

    private ConfigLoader() {
    }

    /** A raw value and where it came from, for messages. */
    private record Raw(String text, String source) {
    }

    /**
     * @param explicitFile the file named on the command line, if any
     * @param environment  the process environment (or a test's)
     * @param workingDir   what relative paths are relative to
     * @throws ConfigException listing every problem
     */
    public static BulwarkConfig load(Optional<Path> explicitFile, Map<String, String> environment, Path workingDir) {
        List<String> problems = new ArrayList<>();
        Optional<Path> file = chooseFile(explicitFile, environment, workingDir, problems);
        Map<Setting<?>, Raw> raw = new LinkedHashMap<>();
        file.ifPresent(path -> readFile(path, raw, problems));
        readEnvironment(environment, raw, problems);

        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            Raw given = raw.get(setting);
            if (given == null) {
                values.put(setting, setting.defaultValue());
                continue;
            }
            try {
                values.put(setting, resolvePaths(setting.parse(given.text()), workingDir));
            } catch (InvalidValue e) {
                problems.add(problem(setting, given, e.getMessage()));
                values.put(setting, setting.defaultValue());
            }
        }
        values.put(Settings.DATA_DIR, workingDir.resolve((Path) values.get(Settings.DATA_DIR)).normalize());
        BulwarkConfig config = new BulwarkConfig(file, values, raw.keySet());
        if (problems.isEmpty()) {
            checkCombinations(config, raw, problems);
        }
        if (problems.isEmpty() && config.production()) {
            checkProduction(config, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static Optional<Path> chooseFile(Optional<Path> explicitFile, Map<String, String> environment,
                                             Path workingDir, List<String> problems) {
        Optional<Path> named = explicitFile.or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_VARIABLE))
                .filter(s -> !s.isBlank()).map(Path::of)).map(workingDir::resolve);
        if (named.isPresent()) {
            if (!Files.isRegularFile(named.get()) || !Files.isReadable(named.get())) {
                problems.add("configuration file " + named.get() + ": not found or not readable");
                return Optional.empty();
            }
            return named;
        }
        Path implicit = workingDir.resolve(DEFAULT_FILE);
        return Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
    }

    private static void readFile(Path path, Map<Setting<?>, Raw> raw, List<String> problems) {
        String name = path.getFileName().toString();
        JsonNode root;
        try {
            var mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            problems.add(name + (location == null ? "" : ": line " + location.getLineNr() + ", column "
                    + location.getColumnNr()) + ": not valid YAML (" + e.getOriginalMessage().lines().findFirst()
                    .orElse("syntax error") + ")");
            return;
        } catch (IOException e) {
            problems.add(name + ": cannot be read (" + e.getMessage() + ")");
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add(name + ": must be a mapping of settings, such as 'server:' followed by 'port: 8080'");
            return;
        }
        flatten("", root, name, raw, problems);
    }

    private static void flatten(String prefix, JsonNode node, String source, Map<Setting<?>, Raw> raw,
                                List<String> problems) {
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            Setting<?> setting = BY_KEY.get(key);
            if (setting == null && value.isObject() && isSection(key)) {
                flatten(key, value, source, raw, problems);
            } else if (setting == null) {
                problems.add(source + ": unknown setting '" + key + "'" + suggestion(key, BY_KEY.keySet()));
            } else if (value.isNull()) {
                continue; // an empty value leaves the default in force
            } else if (value.isArray() && setting.list()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                raw.put(setting, new Raw(String.join(",", items), source));
            } else if (value.isValueNode()) {
                raw.put(setting, new Raw(value.asText(), source));
            } else {
                problems.add(key + " (from " + source + "): expected " + (setting.list() ? "a list" : "a single value")
                        + "; allowed: " + setting.allowed());
            }
        }
    }

    private static boolean isSection(String key) {
        return BY_KEY.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
    }

    private static void readEnvironment(Map<String, String> environment, Map<Setting<?>, Raw> raw,
                                        List<String> problems) {
        environment.keySet().stream().filter(name -> name.startsWith("BULWARK_")).sorted().forEach(name -> {
            if (NOT_SETTINGS.contains(name) || KUBERNETES_SERVICE_LINK.matcher(name).matches()) {
                return;
            }
            Setting<?> setting = BY_VARIABLE.get(name);
            if (setting == null) {
                problems.add("environment variable " + name + ": unknown setting" + suggestion(name,
                        BY_VARIABLE.keySet()));
            } else {
                raw.put(setting, new Raw(environment.get(name), name));
            }
        });
    }

    private static Object resolvePaths(Object value, Path workingDir) {
        if (value instanceof Optional<?> optional && optional.isPresent() && optional.get() instanceof Path path) {
            return Optional.of(workingDir.resolve(path).normalize());
        }
        return value;
    }

    private static void checkCombinations(BulwarkConfig config, Map<Setting<?>, Raw> raw, List<String> problems) {
        boolean certificate = config.get(Settings.SERVER_TLS_CERTIFICATE).isPresent();
        boolean privateKey = config.get(Settings.SERVER_TLS_PRIVATE_KEY).isPresent();
        if (certificate != privateKey) {
            problems.add((certificate ? "server.tls.privateKey" : "server.tls.certificate")
                    + ": missing; allowed: both server.tls.certificate and server.tls.privateKey, or neither");
        }
        for (Setting<Optional<Path>> fileSetting : List.of(Settings.SERVER_TLS_CERTIFICATE,
                Settings.SERVER_TLS_PRIVATE_KEY, Settings.SECRETS_MASTER_KEY_FILE, Settings.POLICY_BLOCKLIST_FILE)) {
            config.get(fileSetting).filter(path -> !Files.isRegularFile(path) || !Files.isReadable(path))
                    .ifPresent(path -> problems.add(problem(fileSetting, raw.get(fileSetting),
                            "names a file that does not exist or cannot be read")));
        }
        if (config.get(Settings.SECRETS_MASTER_KEY).isPresent()
                && config.get(Settings.SECRETS_MASTER_KEY_FILE).isPresent()) {
            problems.add("secrets.masterKey and secrets.masterKeyFile: both set; allowed: one of them");
        }
        config.get(Settings.SECRETS_MASTER_KEY).filter(key -> !isBase64Key(key)).ifPresent(key ->
                problems.add(problem(Settings.SECRETS_MASTER_KEY, raw.get(Settings.SECRETS_MASTER_KEY),
                        "is not the base64 of 32 bytes")));
        for (Setting<String> algorithm : List.of(Settings.KEYS_ACCESS_TOKEN_ALGORITHM, Settings.KEYS_ID_TOKEN_ALGORITHM)) {
            String value = config.get(algorithm);
            if (config.get(Settings.KEYS_ALGORITHMS).stream().noneMatch(value::equalsIgnoreCase)) {
                problems.add(algorithm.key() + ": " + value + " is not among keys.algorithms; allowed: one of "
                        + String.join(", ", config.get(Settings.KEYS_ALGORITHMS)));
            }
        }
        if (config.get(Settings.POLICY_MAX_LENGTH) < config.get(Settings.POLICY_MIN_LENGTH)) {
            problems.add("passwords.policy.maxLength: is less than passwords.policy.minLength; allowed: at least "
                    + config.get(Settings.POLICY_MIN_LENGTH));
        }
        for (List<Setting<Integer>> pair : List.of(
                List.of(Settings.PROTECTION_ACCOUNT_DELAY_AFTER, Settings.PROTECTION_ACCOUNT_LOCK_AFTER),
                List.of(Settings.PROTECTION_ADDRESS_DELAY_AFTER, Settings.PROTECTION_ADDRESS_LOCK_AFTER))) {
            if (config.get(pair.get(1)) < config.get(pair.get(0))) {
                problems.add(pair.get(1).key() + ": is less than " + pair.get(0).key() + "; allowed: at least "
                        + config.get(pair.get(0)));
            }
        }
        if (config.get(Settings.MAIL_HOST).isPresent() && config.get(Settings.MAIL_FROM).isEmpty()) {
            problems.add("mail.from: missing; allowed: the sender address, required with mail.smtp.host");
        }
        if (config.get(Settings.MAIL_USERNAME).isPresent() != config.get(Settings.MAIL_PASSWORD).isPresent()) {
            problems.add("mail.smtp.username and mail.smtp.password: only one is set; allowed: both or neither");
        }
        if ("http".equals(config.get(Settings.SMS_PROVIDER)) && config.get(Settings.SMS_HTTP_URL).isEmpty()) {
            problems.add("sms.http.url: missing; allowed: the provider's endpoint, required with sms.provider http");
        }
        if (config.get(Settings.SMS_HTTP_USERNAME).isPresent() != config.get(Settings.SMS_HTTP_PASSWORD).isPresent()) {
            problems.add("sms.http.username and sms.http.password: only one is set; allowed: both or neither");
        }
        if (config.get(Settings.SMS_HTTP_USERNAME).isPresent() && config.get(Settings.SMS_HTTP_BEARER_TOKEN).isPresent()) {
            problems.add("sms.http.bearerToken: set with sms.http.username; allowed: one way to authenticate");
        }
        if (config.get(Settings.ARGON2_MEMORY_KIB) < 8 * config.get(Settings.ARGON2_PARALLELISM)) {
            problems.add("passwords.argon2.memoryKib: is less than 8 × passwords.argon2.parallelism; allowed: at least "
                    + 8 * config.get(Settings.ARGON2_PARALLELISM));
        }
    }

    /** Production refuses what development tolerates for convenience. */
    private static void checkProduction(BulwarkConfig config, List<String> problems) {
        boolean behindProxy = !config.get(Settings.SERVER_PROXY_TRUSTED_ADDRESSES).isEmpty();
        if (!config.tlsEnabled() && !behindProxy) {
            problems.add("mode: production needs TLS; allowed: set server.tls.certificate and server.tls.privateKey, "
                    + "or declare the TLS-terminating proxy in server.proxy.trustedAddresses");
        }
        if (!config.tlsEnabled() && behindProxy && config.get(Settings.SERVER_PUBLIC_URL)
                .map(url -> !"https".equals(url.getScheme())).orElse(true)) {
            problems.add("server.publicUrl: production behind a proxy needs the public https URL; allowed: an https URL");
        }
        if (config.get(Settings.SECRETS_MASTER_KEY).isEmpty() && config.get(Settings.SECRETS_MASTER_KEY_FILE).isEmpty()) {
            problems.add("secrets.masterKey: production refuses generated development keys; allowed: set "
                    + Settings.SECRETS_MASTER_KEY.environmentVariable() + " or secrets.masterKeyFile");
        }
        int memory = config.get(Settings.ARGON2_MEMORY_KIB);
        int iterations = config.get(Settings.ARGON2_ITERATIONS);
        if (memory < MIN_PRODUCTION_MEMORY_KIB || (long) memory * iterations < MIN_PRODUCTION_MEMORY_PASSES) {
            problems.add("passwords.argon2: m=" + memory + " KiB with t=" + iterations + " is weaker than OWASP's "
                    + "configurations; allowed in production: memoryKib at least " + MIN_PRODUCTION_MEMORY_KIB
                    + " and memoryKib × iterations at least " + MIN_PRODUCTION_MEMORY_PASSES + " (7168 × 5)");
        }
        if (config.get(Settings.MAIL_HOST).isPresent() && "none".equals(config.get(Settings.MAIL_SECURITY))) {
            problems.add("mail.smtp.security: none sends codes and notices in clear; allowed in production: starttls "
                    + "or tls");
        }
        if ("console".equals(config.get(Settings.SMS_PROVIDER))) {
            problems.add("sms.provider: console prints sign-in codes; allowed in production: none or http");
        }
        if ("http".equals(config.get(Settings.SMS_PROVIDER)) && config.get(Settings.SMS_HTTP_URL)
                .map(url -> !"https".equals(url.getScheme())).orElse(false)) {
            problems.add("sms.http.url: production sends codes only over https; allowed: an https URL");
        }
        if (config.get(Settings.DEVICE_ANDROID_STATUS_LIST).regionMatches(true, 0, "http:", 0, 5)) {
            // Whoever sits on the path could hand over a list that revokes nothing.
            problems.add("device.android.statusList: production reads the attestation status list only over https; "
                    + "allowed: an https URL, a file path, or none");
        }
        if (config.get(Settings.SERVER_PROXY_TRUSTED_ADDRESSES).stream().anyMatch(AddressRange::isEverything)) {
            problems.add("server.proxy.trustedAddresses: trusting every address lets any client forge its address; "
                    + "allowed in production: the proxies' own addresses or subnets");
        }
    }

    static boolean isBase64Key(String text) {
        try {
            return Base64.getDecoder().decode(text.strip()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String problem(Setting<?> setting, Raw given, String what) {
        return setting.key() + " (from " + given.source() + "): " + setting.shown(given.text()) + " " + what
                + "; allowed: " + setting.allowed();
    }

    private static String suggestion(String given, Set<String> known) {
        return known.stream().filter(k -> distance(given, k) <= 3)
                .min(Comparator.comparingInt(k -> distance(given, k)))
                .map(k -> "; did you mean " + k + "?").orElse("");
    }

    /** Levenshtein distance, for "did you mean" suggestions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
