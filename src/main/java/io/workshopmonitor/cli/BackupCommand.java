package io.workshopmonitor.cli;

import io.workshopmonitor.store.Database;
import io.workshopmonitor.store.DatabaseBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes every table to one file, from a consistent snapshot, while the service runs or not. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Backs up the database (the embedded one under the data directory, or database.url) to FILE:"
                + " every table from one consistent snapshot. Safe while the service runs.")
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the backup (a zip file).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(file + ": the directory " + parent + " does not exist");
        }
        DatabaseBackup.Summary summary = Database.forTool(cli.config(), options -> new DatabaseBackup(options).backup(file));
        spec.commandLine().getOut().println("backed up " + summary.totalRows() + " rows of " + summary.rows().size() + " tables (schema version "
                + summary.schemaVersion() + ") to " + file);
        return 0;
    }
}
