package dev.cloudsift.cli;

import dev.cloudsift.detect.HuntListener;
import dev.cloudsift.detect.RuleRun;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (rules done, findings so far) while a hunt runs; only on a terminal. */
final class HuntProgress implements HuntListener, AutoCloseable {
    private final ProgressBar bar;
    private long findings;

    private HuntProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static HuntProgress startIfTerminal(boolean quiet) {
        if (quiet || System.console() == null) {
            return new HuntProgress(null);
        }
        return new HuntProgress(new ProgressBarBuilder()
                .setTaskName("hunt")
                .setInitialMax(0)
                .setUnit(" rules", 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .build());
    }

    @Override
    public void started(int rules) {
        if (bar != null) {
            bar.maxHint(rules);
        }
    }

    @Override
    public void scanning(String table, int rules) {
        if (bar != null) {
            bar.setExtraMessage(" reading " + table + " for " + rules + " rules");
        }
    }

    @Override
    public void ruleFinished(RuleRun run) {
        findings += run.findings();
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(" " + findings + " findings");
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
