package dev.cloudsift.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output is a terminal, where log content must not reach as raw control characters. */
public final class Terminal {
    private Terminal() {}

    /**
     * True when standard output is a terminal. {@code CLOUDSIFT_TERMINAL=1} or {@code 0} overrides the guess;
     * otherwise Linux's {@code /proc/self/fd/1} is read, and {@code System.console()} (which needs stdin to be a
     * terminal as well) is the fallback elsewhere.
     */
    public static boolean stdoutIsTerminal() {
        String forced = System.getenv("CLOUDSIFT_TERMINAL");
        if (forced != null && !forced.isBlank()) {
            return forced.strip().equals("1");
        }
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/1"));
            String name = target.toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
