package dev.cloudsift.detect;

/** Follows a hunt rule by rule (progress bars). */
public interface HuntListener {
    HuntListener NONE = new HuntListener() {};

    /** The hunt will evaluate {@code rules} rules. */
    default void started(int rules) {}

    /** One rule was evaluated. */
    default void ruleFinished(RuleRun run) {}
}
