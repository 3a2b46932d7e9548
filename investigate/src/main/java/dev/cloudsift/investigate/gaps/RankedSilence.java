package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * A silence with what explains it: the logging call that opened it (a StopLogging, DeleteFlowLogs … on the same
 * source and account, shortly before or during it) and the StartLogging that closed it.
 *
 * @param cause   the tampering call linked to the silence, or null when none is
 * @param restart when a StartLogging closed it, or null
 */
public record RankedSilence(Silence silence, @Nullable TamperingEvent cause, @Nullable Instant restart) {
    public RankedSilence {
        Objects.requireNonNull(silence, "silence");
    }

    /** Whether a tampering call or a restart of logging explains the silence: these rank first. */
    public boolean tamperingLinked() {
        return cause != null || restart != null;
    }

    /** One line for people: what went quiet, when, for how long and why. */
    public String describe(java.util.function.Function<Instant, String> time) {
        StringBuilder text = new StringBuilder();
        text.append(silence.source()).append(' ').append(silence.accountId().isEmpty() ? "(no account)" : silence.accountId())
                .append(' ').append(silence.region().isEmpty() ? "(no region)" : silence.region()).append(" silent ")
                .append(time.apply(silence.lastBefore())).append(" to ")
                .append(silence.untilCaseEnd() ? "the end of the case (" + time.apply(silence.firstAfter()) + ")"
                        : time.apply(silence.firstAfter()))
                .append(" (").append(SilenceRanking.duration(silence.length())).append(')');
        if (cause != null) {
            text.append(", after ").append(cause.action()).append(" at ").append(time.apply(cause.time()));
            if (cause.principal() != null) {
                text.append(" by ").append(cause.principal());
            }
        }
        if (restart != null) {
            text.append(", ended by StartLogging at ").append(time.apply(restart));
        }
        return text.toString();
    }
}
