package dev.cloudsift.cli;

import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.IngestListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;

/**
 * A status line on stderr while an ingest runs (files done of those found, bytes, speed, records/s); only on a
 * terminal. Files are found while earlier ones are read, so the total grows as it goes: the line shows counts,
 * never a percentage that would run backwards.
 */
final class IngestProgress implements IngestListener, AutoCloseable {
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesFound = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicReference<String> phase = new AtomicReference<>();
    private ProgressBar bar;

    private IngestProgress() {}

    /** A status line when stderr is a terminal and not disabled; otherwise a listener that prints nothing. */
    static IngestProgress startIfTerminal(boolean quiet) {
        IngestProgress progress = new IngestProgress();
        if (quiet || System.console() == null) {
            return progress;
        }
        progress.bar = new ProgressBarBuilder()
                .setTaskName("ingest")
                .setInitialMax(-1)
                .setRenderer((state, width) -> progress.line(state, width))
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .build();
        return progress;
    }

    /** The status line, cut to the terminal's width. */
    String line(ProgressState state, int width) {
        double seconds = Math.max(0.001, state.getTotalElapsed().toMillis() / 1000.0);
        StringBuilder line = new StringBuilder("ingest: ")
                .append(filesDone.get()).append(" of ").append(files.get()).append(" files found, ")
                .append(bytes(bytesDone.get())).append(" of ").append(bytes(bytesFound.get())).append(", ")
                .append(bytes((long) (bytesDone.get() / seconds))).append("/s, ")
                .append(String.format(Locale.ROOT, "%,d", (long) (records.get() / seconds))).append(" records/s");
        String now = phase.get();
        if (now != null) {
            line.append(" - ").append(now);
        }
        return width > 1 && line.length() >= width ? line.substring(0, width - 1) : line.toString();
    }

    /** Bytes in the unit that shows them best: 0 B, 812 KiB, 45.2 MiB, 1.3 GiB. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    @Override
    public void discovered(long count, long size) {
        files.addAndGet(count);
        bytesFound.addAndGet(size);
    }

    @Override
    public void fileFinished(FileResult result) {
        filesDone.incrementAndGet();
        bytesDone.addAndGet(Math.max(0, result.size()));
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void recordsWritten(long count) {
        records.addAndGet(count);
    }

    @Override
    public void phase(String description) {
        phase.set(description);
        if (bar != null) {
            bar.refresh();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
