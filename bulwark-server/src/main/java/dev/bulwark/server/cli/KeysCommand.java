package dev.bulwark.server.cli;

import dev.bulwark.core.token.KeyRing;
import dev.bulwark.core.token.SigningKey;
import dev.bulwark.server.Bulwark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage token-signing keys.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
final class KeysCommand {

    private static Map<String, Object> json(SigningKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kid", key.kid());
        json.put("alg", key.algorithm().joseName());
        json.put("state", key.state().name().toLowerCase(Locale.ROOT));
        json.put("created_at", key.createdAt().toString());
        json.put("activated_at", key.activatedAt().map(Object::toString).orElse(null));
        json.put("retired_at", key.retiredAt().map(Object::toString).orElse(null));
        return json;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the signing keys: next (published, not signing yet), active, retired.")
    static final class ListKeys implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--json", description = "Print {\"keys\": [...]} as one JSON object.")
        boolean json;

        ListKeys(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                List<SigningKey> keys = bulwark.keyRing().list();
                if (json) {
                    context.printJson(Map.of("keys", keys.stream().map(KeysCommand::json).toList()));
                } else {
                    keys.forEach(key -> context.out().printf("%-44s  %-5s  %-7s  created %s%n", key.kid(),
                            key.algorithm().joseName(), key.state().name().toLowerCase(Locale.ROOT), key.createdAt()));
                }
                return 0;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make each algorithm's next key sign, retire the active one (it stays published until its "
                    + "tokens expire) and publish a new next key. Running servers follow within 30 seconds.")
    static final class Rotate implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--force", description = "Rotate even if the next key was published less than keys.nextKeyLead "
                + "ago, as after a suspected key compromise.")
        boolean force;

        @Option(names = "--json", description = "Print {\"rotated\": [...]} as one JSON object.")
        boolean json;

        Rotate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                List<KeyRing.Rotation> rotations = bulwark.keyRing().rotate(force, context.actor());
                if (json) {
                    context.printJson(Map.of("rotated", rotations.stream().map(r -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("alg", r.algorithm().joseName());
                        item.put("activated", r.activated());
                        item.put("retired", r.retired().orElse(null));
                        return item;
                    }).toList()));
                } else {
                    rotations.forEach(r -> context.out().println(r.algorithm().joseName() + ": " + r.activated()
                            + " now signs" + r.retired().map(kid -> "; " + kid + " retired").orElse("")));
                }
                return 0;
            }
        }
    }
}
