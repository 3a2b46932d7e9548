package dev.cloudsift.cli;

import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.IngestListener;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Passes an ingest's events on and, at each phase change, prints the wall and process CPU seconds the previous phase
 * took on stderr ({@code ingest --timings}): where an ingest's time goes, without a profiler. The first line covers
 * everything from the JVM's start to the ingest's first phase change, reading and writing included.
 */
final class PhaseTimings implements IngestListener {
    private final IngestListener next;
    private final PrintWriter out;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private String phase = "start and reading";
    private long wallMark = ManagementFactory.getRuntimeMXBean().getStartTime() * 1_000_000L;
    private long cpuMark;

    PhaseTimings(IngestListener next, PrintWriter out) {
        this.next = next;
        this.out = out;
    }

    @Override
    public void discovered(long files, long bytes) {
        next.discovered(files, bytes);
    }

    @Override
    public void fileFinished(FileResult result) {
        next.fileFinished(result);
    }

    @Override
    public void recordsWritten(long count) {
        next.recordsWritten(count);
    }

    @Override
    public synchronized void phase(String description) {
        mark();
        phase = description;
        next.phase(description);
    }

    /** Prints the phase under way as ended now. */
    synchronized void end() {
        mark();
        phase = "after the ingest";
    }

    private void mark() {
        long wall = System.currentTimeMillis() * 1_000_000L;
        long cpu = os.getProcessCpuTime();
        out.printf(Locale.ROOT, "timings: %-24s wall %6.3f s  cpu %6.3f s%n", phase, (wall - wallMark) / 1e9, (cpu - cpuMark) / 1e9);
        out.flush();
        wallMark = wall;
        cpuMark = cpu;
    }
}
