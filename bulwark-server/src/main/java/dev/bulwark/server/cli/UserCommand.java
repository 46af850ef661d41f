package dev.bulwark.server.cli;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.User;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.Bulwark;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Show.class,
                UserCommand.Disable.class, UserCommand.Enable.class, UserCommand.Delete.class,
                UserCommand.SetPassword.class})
final class UserCommand {

    /** Options shared by the commands that act on one user. */
    abstract static class OnOneUser implements Callable<Integer> {
        final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Parameters(index = "0", paramLabel = "USER", description = "The user's id or username.")
        String user;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        OnOneUser(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                User found = bulwark.accounts().find(user)
                        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No user " + user + "."));
                return act(bulwark, found);
            }
        }

        abstract int act(Bulwark bulwark, User user);

        int print(Bulwark bulwark, User user, String text) {
            if (json) {
                context.printJson(UserView.json(user, bulwark.accounts().passwordStatus(user.id())));
            } else {
                context.out().println(text);
            }
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigFileOption config;

        @Parameters(index = "0", paramLabel = "USERNAME", description = "1 to 64 letters, digits or . _ - +.")
        String username;

        @Option(names = "--email", paramLabel = "ADDRESS", description = "Email address.")
        String email;

        @Option(names = "--phone", paramLabel = "E164", description = "Phone number in E.164 form, such as +14155550123.")
        String phone;

        @Option(names = "--admin", description = "Give the user the administrator role.")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;

        @Option(names = "--must-change", description = "Make the password one-time: it must be changed at first sign-in.")
        boolean mustChange;

        @Option(names = "--json", description = "Print the new user as one JSON object.")
        boolean json;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (mustChange && !passwordStdin) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--must-change needs --password-stdin");
            }
            var request = new NewUser(Username.of(username), Optional.ofNullable(email).map(EmailAddress::of),
                    Optional.ofNullable(phone).map(PhoneNumber::of), admin ? Set.of(Role.ADMIN) : Set.of());
            Optional<Password> password = passwordStdin
                    ? Optional.of(PasswordInput.read(context.in(), spec.commandLine())) : Optional.empty();
            try (Bulwark bulwark = context.open(config.file(), Bulwark.Access.CREATE_MISSING)) {
                User user = bulwark.accounts().create(request, password, mustChange, context.actor());
                if (json) {
                    context.printJson(UserView.json(user, bulwark.accounts().passwordStatus(user.id())));
                } else {
                    context.out().println("created user " + user.username().value() + " (" + user.id() + ")"
                            + (password.isEmpty() ? "; it has no password yet: set one with user set-password" : ""));
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, ordered by username.")
    static final class ListUsers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--offset", defaultValue = "0", description = "Users to skip (default: ${DEFAULT-VALUE}).")
        int offset;

        @Option(names = "--limit", defaultValue = "100", description = "Most users to list, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print {\"users\": [...]} as one JSON object.")
        boolean json;

        ListUsers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Bulwark bulwark = context.open(config.file())) {
                var users = bulwark.accounts().list(offset, limit);
                if (json) {
                    context.printJson(Map.of("users", users.stream()
                            .map(u -> UserView.json(u, bulwark.accounts().passwordStatus(u.id()))).toList()));
                } else {
                    users.forEach(u -> context.out().println(UserView.line(u)));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user.")
    static final class Show extends OnOneUser {
        Show(CliContext context) {
            super(context);
        }

        @Override
        int act(Bulwark bulwark, User user) {
            var status = bulwark.accounts().passwordStatus(user.id());
            return print(bulwark, user, UserView.line(user) + System.lineSeparator() + "password: "
                    + status.map(p -> "set " + p.changedAt() + (p.mustChange() ? ", must be changed" : ""))
                    .orElse("none"));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a user: every credential check fails until enabled again.")
    static final class Disable extends OnOneUser {
        Disable(CliContext context) {
            super(context);
        }

        @Override
        int act(Bulwark bulwark, User user) {
            User disabled = bulwark.accounts().disable(user.id(), context.actor());
            return print(bulwark, disabled, "disabled user " + user.username().value());
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user.")
    static final class Enable extends OnOneUser {
        Enable(CliContext context) {
            super(context);
        }

        @Override
        int act(Bulwark bulwark, User user) {
            User enabled = bulwark.accounts().enable(user.id(), context.actor());
            return print(bulwark, enabled, "enabled user " + user.username().value());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user and their credentials for good. The audit trail keeps the fact.")
    static final class Delete extends OnOneUser {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--yes", description = "Confirm: deleting cannot be undone.")
        boolean confirmed;

        Delete(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (!confirmed) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "deleting a user cannot be undone; add --yes to confirm");
            }
            return super.call();
        }

        @Override
        int act(Bulwark bulwark, User user) {
            bulwark.accounts().delete(user.id(), context.actor());
            if (json) {
                context.printJson(Map.of("id", user.id().toString(), "deleted", true));
            } else {
                context.out().println("deleted user " + user.username().value());
            }
            return 0;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set a user's password, read from standard input.")
    static final class SetPassword extends OnOneUser {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--password-stdin", required = true, description = "Read the password from standard input.")
        boolean passwordStdin;

        @Option(names = "--must-change", description = "Make it one-time: it must be changed at first sign-in.")
        boolean mustChange;

        SetPassword(CliContext context) {
            super(context);
        }

        private Password password;

        @Override
        public Integer call() {
            password = PasswordInput.read(context.in(), spec.commandLine());
            return super.call();
        }

        @Override
        int act(Bulwark bulwark, User user) {
            bulwark.accounts().setPassword(user.id(), password, mustChange, context.actor());
            return print(bulwark, user, "password set for " + user.username().value()
                    + (mustChange ? "; it must be changed at first sign-in" : ""));
        }
    }
}
