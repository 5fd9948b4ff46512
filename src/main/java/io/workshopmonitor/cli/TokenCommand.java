package io.workshopmonitor.cli;

import io.vertx.core.Vertx;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.security.SigningKey;
import io.workshopmonitor.security.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Prints a new API token signed with the data directory's key, for a person or a script. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Prints a new API token signed with the data directory's key (the service need not run).")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "ADMIN, MANAGER, INSTRUCTOR or VIEWER (any case).", converter = RoleConverter.class)
    Caller.Role role;

    @Option(names = "--prisons", split = ",", paramLabel = "MDI[,LPI]",
            description = "The establishments the token may see; a manager or instructor needs at least one.")
    List<String> prisons = List.of();

    @Option(names = "--days", defaultValue = "30", paramLabel = "N", description = "Valid for N days (1-3660). Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--user", paramLabel = "NAME", description = "Who the token is for, as the audit log names them. Default: the role.")
    String user;

    @Override
    public Integer call() {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("--days " + days + ": must be from 1 to 3660");
        }
        Set<String> scope = new LinkedHashSet<>(prisons);
        if (role != Caller.Role.ADMIN && scope.isEmpty()) {
            throw new IllegalArgumentException("a manager or instructor needs at least one prison (--prisons MDI[,LPI])");
        }
        for (String prison : scope) {
            if (!Identifiers.isPrison(prison)) {
                throw new IllegalArgumentException("--prisons: '" + prison + "' is not an establishment code such as MDI");
            }
        }
        AppConfig config = cli.config();
        if (config.auth().jwksUrl().isPresent()) {
            throw new IllegalArgumentException("auth.jwksUrl is set: tokens come from that identity provider, not from here");
        }
        Vertx vertx = Vertx.vertx();
        try {
            Tokens own = Tokens.ownKey(vertx, SigningKey.loadOrCreate(config.dataDir()), config.auth().issuer());
            spec.commandLine().getOut().println(own.issue(user != null ? user : role.name().toLowerCase(), role, scope, Duration.ofDays(days)));
            return 0;
        } finally {
            vertx.close();
        }
    }

    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Caller.Role> {
        @Override
        public Caller.Role convert(String value) {
            try {
                return Caller.Role.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not ADMIN, MANAGER, INSTRUCTOR or VIEWER");
            }
        }
    }
}
