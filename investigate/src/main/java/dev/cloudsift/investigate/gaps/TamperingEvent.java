package dev.cloudsift.investigate.gaps;

import dev.cloudsift.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/** A call that stopped, deleted, narrowed or redirected logging, with who, when and whether it worked. */
public record TamperingEvent(Instant time, @Nullable String accountId, @Nullable String region, String action,
        @Nullable String principal, @Nullable String srcIp, @Nullable String errorCode, String effect) {
    public TamperingEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(effect, "effect");
    }

    /** True when the service refused the call: an attempt, not a change. */
    public boolean failed() {
        return errorCode != null && !errorCode.isEmpty();
    }
}
