package dev.cloudsift.cli;

/** The one line printed when the JVM runs out of memory or another thread fails, instead of a stack trace. */
final class OutOfMemory {
    /** Built before any work starts: once memory has run out, building it could fail too. */
    static final String MESSAGE = "cloudsift: out of memory (the JVM may use " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MiB); give it more with CLOUDSIFT_JAVA_OPTS=-Xmx2g, or narrow the command (a LIMIT, --from/--to, fewer "
            + "files at once)";

    private static final byte[] LINE = (MESSAGE + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final java.io.FileOutputStream STDERR = new java.io.FileOutputStream(java.io.FileDescriptor.err);

    private OutOfMemory() {}

    /** Writes {@link #MESSAGE} to stderr from bytes made at startup: nothing needs allocating then. */
    static void print() {
        try {
            STDERR.write(LINE);
        } catch (java.io.IOException | OutOfMemoryError ignored) {
            // nowhere left to say it; the exit code still does
        }
    }

    static String message(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            return MESSAGE;
        }
        return "cloudsift: unexpected " + error.getClass().getSimpleName() + " in a background thread: "
                + dev.cloudsift.core.TerminalText.clean(String.valueOf(error.getMessage()), 500)
                + " (this is a Cloudsift bug; set CLOUDSIFT_DEBUG=1 for the stack trace)";
    }
}
