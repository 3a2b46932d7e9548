package dev.cloudsift.detect;

/** Follows a hunt rule by rule (progress bars). */
public interface HuntListener {
    HuntListener NONE = new HuntListener() {};

    /** The hunt will evaluate {@code rules} rules. */
    default void started(int rules) {}

    /** One scan of {@code table} evaluating {@code rules} rules together begins. */
    default void scanning(String table, int rules) {}

    /** One rule was evaluated. */
    default void ruleFinished(RuleRun run) {}
}
