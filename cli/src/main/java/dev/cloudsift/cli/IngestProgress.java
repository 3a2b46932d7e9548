package dev.cloudsift.cli;

import dev.cloudsift.store.ingest.FileResult;
import dev.cloudsift.store.ingest.IngestListener;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (files, bytes, records/s) while an ingest runs; only on a terminal. */
final class IngestProgress implements IngestListener, AutoCloseable {
    private final ProgressBar bar;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final long started = System.nanoTime();

    private IngestProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar when stderr is a terminal and not disabled; otherwise a listener that prints nothing. */
    static IngestProgress startIfTerminal(boolean quiet) {
        if (quiet || System.console() == null) {
            return new IngestProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("ingest")
                .setInitialMax(0)
                .setUnit(" MiB", 1L << 20)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .build();
        return new IngestProgress(bar);
    }

    @Override
    public void discovered(long count, long size) {
        files.addAndGet(count);
        long max = bytes.addAndGet(size);
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    @Override
    public void fileFinished(FileResult result) {
        filesDone.incrementAndGet();
        if (bar != null) {
            bar.stepBy(Math.max(0, result.size()));
            updateMessage();
        }
    }

    @Override
    public void recordsWritten(long count) {
        records.addAndGet(count);
    }

    @Override
    public void phase(String description) {
        if (bar != null) {
            bar.setExtraMessage(description);
        }
    }

    private void updateMessage() {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        bar.setExtraMessage(filesDone.get() + "/" + files.get() + " files, " + (long) (records.get() / seconds) + " records/s");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
