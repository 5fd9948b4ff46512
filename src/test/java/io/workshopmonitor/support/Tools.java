package io.workshopmonitor.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The outside programs some tests drive (Mosquitto, Prometheus, promtool, Chromium, chromedriver). Where one is
 * missing the test is skipped with the reason, so {@code mvn verify} passes on any machine; scripts/test.sh (what
 * CI runs) installs them all and sets {@code -Dtests.requireTools=true}, under which a missing one fails instead,
 * so nothing is skipped there unnoticed.
 */
public final class Tools {

    private Tools() {
    }

    public static boolean required() {
        return Boolean.getBoolean("tests.requireTools");
    }

    /** The program's path, from PATH or the usual Debian places; skips (or, under CI, fails) without it. */
    public static Path require(String program, String installedBy) {
        Optional<Path> found = find(program);
        String reason = program + " is not installed (" + installedBy + "); scripts/test.sh installs it where it may";
        if (found.isEmpty()) {
            if (required()) {
                throw new AssertionError(reason + ", and tests.requireTools=true says every tool must be here");
            }
            Assumptions.abort(reason);
        }
        return found.get();
    }

    /**
     * On PATH or in the sbin directories (Debian puts mosquitto there, off a non-root PATH); only in
     * {@code -Dtests.toolsPath=dir:dir} when that is set, to see the suite as a machine without the tools sees it.
     */
    static Optional<Path> find(String program) {
        String only = System.getProperty("tests.toolsPath");
        Stream<String> dirs = only != null ? Stream.of(only.split(File.pathSeparator))
                : Stream.concat(Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)),
                Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"));
        return dirs.filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry, program))
                .filter(Files::isExecutable).findFirst();
    }
}
