package dev.cloudsift.cli;

/** The one line printed when the JVM runs out of memory or another thread fails, instead of a stack trace. */
final class OutOfMemory {
    private OutOfMemory() {}

    static String message(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            long maxMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            return "cloudsift: out of memory (the JVM may use " + maxMiB + " MiB); give it more with "
                    + "CLOUDSIFT_JAVA_OPTS=-Xmx2g, or narrow the command (a LIMIT, --from/--to, fewer files at once)";
        }
        return "cloudsift: unexpected " + error.getClass().getSimpleName() + " in a background thread: "
                + dev.cloudsift.core.TerminalText.clean(String.valueOf(error.getMessage()), 500)
                + " (this is a Cloudsift bug; set CLOUDSIFT_DEBUG=1 for the stack trace)";
    }
}
