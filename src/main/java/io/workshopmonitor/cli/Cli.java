package io.workshopmonitor.cli;

import io.workshopmonitor.Application;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigException;
import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.demo.DemoOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The command line: {@code workshop-monitor} (or {@code serve}) runs the service, {@code demo} runs it with the
 * simulated estate, {@code token} issues an API token, {@code backup} and {@code restore} move the database to and
 * from a file. Exit codes a script can rely on: 0 done, 1 failed while running, 2 bad usage or configuration.
 */
@Command(name = "workshop-monitor", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Real-time monitoring of prison industries workshops. Without a command: runs the service "
                + "(configuration in config/application.yaml and WM_* variables).",
        subcommands = {Cli.Serve.class, Cli.Demo.class, TokenCommand.class, BackupCommand.class, RestoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (the service: it runs until stopped)", "1:failed while running",
                "2:bad usage or configuration (the message names the option or key)"})
public final class Cli implements Callable<Integer> {

    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Option(names = "--demo", description = "Same as the demo command: run with a simulated estate.")
    boolean demo;

    @Option(names = "--demo-speed", paramLabel = "N", description = "With --demo: the demo's clock runs N (1-600) times faster.")
    Double demoSpeed;

    @Option(names = "--demo-start", paramLabel = "HH:mm", description = "With --demo: the local time the demo's day begins.")
    LocalTime demoStart;

    /** Set once the service was started, so {@link #main} leaves the JVM to it instead of exiting. */
    static volatile boolean serving;

    private final Map<String, String> env;

    public Cli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        int code = commandLine(System.getenv()).execute(args);
        if (!serving || code != 0) {
            System.exit(code);
        }
    }

    /** The command line over {@code env}, for tests that run a command in their own JVM. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine line = new CommandLine(new Cli(env), new Factory(env));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof ConfigException) {
                err.println("workshop-monitor: bad configuration: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("workshop-monitor " + cmd.getCommandName() + ": " + e.getMessage());
                return USAGE;
            }
            err.println("workshop-monitor " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        return line;
    }

    AppConfig config() {
        return ConfigLoader.load(env);
    }

    @Override
    public Integer call() {
        boolean demoAsked = demo || demoSpeed != null || demoStart != null;
        DemoOptions options = demoAsked ? new DemoOptions(true, demoSpeed == null ? 1 : demoSpeed,
                demoStart == null ? DemoOptions.OFF.start() : demoStart).checked() : DemoOptions.OFF;
        return serve(options);
    }

    int serve(DemoOptions options) {
        AppConfig config = config();
        serving = true;
        Application.serve(config, options);
        return 0;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Runs the service until it is stopped (SIGTERM or Ctrl-C stop it gracefully).")
    static final class Serve implements Callable<Integer> {
        @CommandLine.ParentCommand
        Cli cli;

        @Override
        public Integer call() {
            return cli.serve(DemoOptions.OFF);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Runs the service with a simulated estate whose devices publish over real MQTT, on a database"
                    + " of its own under <dataDir>/demo, emptied at each start.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.ParentCommand
        Cli cli;

        @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
                description = "The demo's clock, and the service's, runs N (1-600) times faster than real time. Default: ${DEFAULT-VALUE}.")
        double speed;

        @Option(names = "--start", paramLabel = "HH:mm", defaultValue = "08:40",
                description = "The local time the demo's day begins. Default: ${DEFAULT-VALUE}.")
        LocalTime start;

        @Override
        public Integer call() {
            return cli.serve(new DemoOptions(true, speed, start).checked());
        }
    }

    /** The version the build wrote into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("/workshop-monitor-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"workshop-monitor " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    /** Subcommands get the same environment as the top command. */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Cli.class) {
                return type.cast(new Cli(env));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
