package io.workshopmonitor.cli;

import io.workshopmonitor.store.Database;
import io.workshopmonitor.store.DatabaseBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Loads a backup into an empty database, then brings its schema up to this release. */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Restores FILE, written by backup, into an empty database (a new data directory, or an empty"
                + " database.url), then applies this release's newer migrations. Run it with the service stopped.")
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A file written by the backup command.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        DatabaseBackup.Summary summary = Database.forTool(cli.config(), options -> new DatabaseBackup(options).restore(file));
        spec.commandLine().getOut().println("restored " + summary.totalRows() + " rows of " + summary.rows().size() + " tables (schema version "
                + summary.schemaVersion() + ") from " + file);
        return 0;
    }
}
