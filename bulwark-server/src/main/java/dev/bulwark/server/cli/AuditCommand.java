package dev.bulwark.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.audit.AuditVerification;
import dev.bulwark.core.audit.ChainHead;
import dev.bulwark.server.Bulwark;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read and check the audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Tail.class})
final class AuditCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the whole audit chain; report every edited, deleted or inserted record. "
                    + "Exit code 0 when intact, 1 when not.")
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        @Option(names = "--expect-head", paramLabel = "SEQUENCE:MAC",
                description = "A head printed by an earlier verify (or logged at start-up) that the chain must still "
                        + "hold: detects records deleted from its end.")
        String expectHead;

        @Spec
        CommandSpec spec;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Optional<ChainHead> expected;
            try {
                expected = Optional.ofNullable(expectHead).map(ChainHead::parse);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--expect-head: " + e.getMessage());
            }
            try (Bulwark bulwark = context.open(config.file())) {
                AuditVerification result = bulwark.auditVerifier().verify(expected);
                String head = result.head().map(ChainHead::toString).orElse(null);
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("intact", result.intact());
                    out.put("records", result.recordsChecked());
                    out.put("head", head);
                    out.put("findings", result.findings().stream().map(f -> Map.of("sequence", f.sequence(),
                            "problem", f.problem().name().toLowerCase(Locale.ROOT), "message", f.message())).toList());
                    context.printJson(out);
                } else if (result.intact()) {
                    context.out().println("audit chain intact: " + result.recordsChecked() + " records"
                            + (head == null ? "" : "; head " + head + " (keep it to check with --expect-head)"));
                } else {
                    result.findings().forEach(f -> context.out().println(f.message()));
                    context.out().println("audit chain BROKEN: " + result.findings().size() + " problems in "
                            + result.recordsChecked() + " records");
                }
                return result.intact() ? 0 : 1;
            }
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Print the most recent audit events, oldest first, one JSON object per line.")
    static final class Tail implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many events, 1 to 10000 (default: ${DEFAULT-VALUE}).")
        int lines;

        Tail(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            if (lines < 1 || lines > 10_000) {
                throw new ParameterException(spec.commandLine(), "--lines must be 1 to 10000");
            }
            try (Bulwark bulwark = context.open(config.file())) {
                for (AuditRecord record : bulwark.audit().latest(lines)) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("sequence", record.sequence());
                    line.put("time", record.occurredAt().toString());
                    line.put("type", record.type());
                    line.put("actor", record.actor());
                    line.put("subject", record.subject().isEmpty() ? null : record.subject());
                    line.put("details", JSON.readTree(record.details()));
                    context.printJson(line);
                }
                return 0;
            }
        }
    }
}
