package dev.cloudsift.core;

/** What an {@link EventReader} yields: a record, a problem to quarantine, or input skipped on purpose. */
public sealed interface ReadItem permits LogRecord, ParseProblem, Skipped {
    Position position();
}
