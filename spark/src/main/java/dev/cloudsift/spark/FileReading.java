package dev.cloudsift.spark;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.core.input.InputWalker;
import dev.cloudsift.store.evidence.EvidenceKeeper;
import dev.cloudsift.store.evidence.EvidenceMode;
import dev.cloudsift.store.evidence.EvidenceStore;
import dev.cloudsift.store.ingest.FileStatus;
import dev.cloudsift.store.ingest.RowIds;
import dev.cloudsift.store.ingest.UnitReading;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.RowFactory;

/**
 * What an executor does with one listed input: walks it into units (files, archive members) with the same walker
 * as the local ingest, hashes them (the listing pass) or sniffs and reads them with the formats' readers (the
 * reading pass). Every unit is isolated: whatever one throws becomes its ledger line's reason, never a failed task.
 * The readers' own size and depth limits apply as locally, since they are the same classes.
 */
final class FileReading {
    private FileReading() {}

    /** The listing pass: every unit of one input with its SHA-256 and where its original is. */
    static List<ListedUnit> scan(int input, InputFiles.Listed listed, Map<String, String> hadoop) {
        List<ListedUnit> units = new ArrayList<>();
        if (listed.problem() != null) {
            units.add(problem(input, listed.name(), listed.size(), listed.problem()));
            return units;
        }
        try (InputFiles.Local local = InputFiles.Local.of(listed.name(), hadoop); InputWalker walker = new InputWalker()) {
            EvidenceKeeper keeper = new EvidenceKeeper(new EvidenceStore(Path.of(System.getProperty("java.io.tmpdir"))),
                    EvidenceMode.REFERENCE);
            walker.walk(List.of(local.path), new InputWalker.Sink() {
                @Override
                public void unit(InputUnit unit) {
                    String shown = local.shown(unit.displayPath(), listed.name());
                    try {
                        EvidenceKeeper.Kept kept = keeper.keep(unit);
                        ListedUnit out = new ListedUnit();
                        out.input = input;
                        out.displayPath = shown;
                        out.size = unit.size();
                        out.sha256 = kept.sha256();
                        out.damage = unit.damage();
                        if (kept.evidence() != null) {
                            out.evidenceSha256 = kept.evidence().sha256();
                            out.evidenceMember = kept.evidence().member();
                            out.originalPath = local.shown(kept.evidence().originalPath(), listed.name());
                            out.originalSize = kept.evidence().originalSize();
                            out.originalMtimeMillis = kept.evidence().originalMtime() == null ? null
                                    : kept.evidence().originalMtime().toEpochMilli();
                            if (local.temporary()) {
                                // the copy's time says when it was fetched: the reference is the object as listed
                                out.originalMtimeMillis = listed.mtimeMillis();
                                out.originalEtag = listed.etag();
                                out.originalVersionId = listed.versionId();
                            }
                        }
                        units.add(out);
                    } catch (IOException | RuntimeException e) {
                        units.add(FileReading.problem(input, shown, unit.size(), "cannot read: " + e.getMessage()));
                    } finally {
                        unit.release();
                    }
                }

                @Override
                public void problem(String displayPath, long size, String reason) {
                    units.add(FileReading.problem(input, local.shown(displayPath, listed.name()), size, reason));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + listed.name(), e);
        } catch (IOException | RuntimeException e) {
            units.add(problem(input, listed.name(), listed.size(), "cannot read: " + e.getMessage()));
        }
        return units;
    }

    private static ListedUnit problem(int input, String name, long size, String reason) {
        ListedUnit unit = new ListedUnit();
        unit.input = input;
        unit.displayPath = name;
        unit.size = size;
        unit.problem = reason;
        return unit;
    }

    /** A unit the reading pass is to read: its file id and its ledger line so far. */
    record Planned(ListedUnit unit, int fileId) implements java.io.Serializable {}

    /** The reading pass over one input: the planned units read, everything they yield, and their ledger lines. */
    static List<Item> read(InputFiles.Listed listed, List<Planned> planned, Map<String, String> hadoop,
                           Map<String, String> formatOptions) {
        FormatRegistry registry = FormatRegistry.load();
        Map<String, TableSchema> tables = registry.tables();
        Map<String, Planned> byPath = planned.stream().collect(Collectors.toMap(p -> p.unit().displayPath, p -> p, (a, b) -> a));
        List<Item> items = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (InputFiles.Local local = InputFiles.Local.of(listed.name(), hadoop); InputWalker walker = new InputWalker()) {
            walker.walk(List.of(local.path), new InputWalker.Sink() {
                @Override
                public void unit(InputUnit unit) {
                    String shown = local.shown(unit.displayPath(), listed.name());
                    Planned plan = byPath.get(shown);
                    try {
                        if (plan != null) {
                            seen.add(shown);
                            items.addAll(readUnit(unit, shown, plan, registry, tables, formatOptions));
                        }
                    } finally {
                        unit.release();
                    }
                }

                @Override
                public void problem(String displayPath, long size, String reason) {
                    // reported by the listing pass
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + listed.name(), e);
        } catch (IOException | RuntimeException e) {
            // Units already read keep their lines; the rest say why they were not.
            for (Planned plan : planned) {
                if (!seen.contains(plan.unit().displayPath)) {
                    items.add(Item.ledger(failed(plan, "cannot read: " + e.getMessage())));
                }
            }
            return items;
        }
        for (Planned plan : planned) {
            if (!seen.contains(plan.unit().displayPath)) {
                items.add(Item.ledger(failed(plan, "cannot read: it was gone or changed between the listing and the reading")));
            }
        }
        return items;
    }

    private static LedgerLine failed(Planned plan, String reason) {
        LedgerLine line = LedgerLine.of(plan.unit(), plan.fileId());
        line.status = FileStatus.FAILED.name();
        line.error = reason;
        return line;
    }

    /** One unit, isolated: a throwable from anywhere in it costs that unit's records, with the reason on its line. */
    private static List<Item> readUnit(InputUnit unit, String shown, Planned plan, FormatRegistry registry,
                                       Map<String, TableSchema> tables, Map<String, String> formatOptions) {
        LedgerLine line = LedgerLine.of(plan.unit(), plan.fileId());
        List<Item> items = new ArrayList<>();
        try {
            line.status = read(unit, shown, line, registry, tables, formatOptions, items).name();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            items.clear();
            line = failed(plan, "reading failed: " + e + " (this is a Cloudsift bug: please report it)");
        }
        if (plan.unit().damage != null) {
            FileStatus status = FileStatus.valueOf(line.status);
            if (status == FileStatus.OK || status == FileStatus.SKIPPED) {
                line.status = FileStatus.PARTIAL.name();
            }
            line.error = line.error == null ? plan.unit().damage : plan.unit().damage + "; " + line.error;
        }
        items.add(Item.ledger(line));
        return items;
    }

    private static FileStatus read(InputUnit unit, String shown, LedgerLine line, FormatRegistry registry,
                                   Map<String, TableSchema> tables, Map<String, String> formatOptions, List<Item> items) {
        if (unit.size() == 0) {
            return FileStatus.EMPTY;
        }
        Sample sample;
        try {
            UnitReading.Sampled sampled = UnitReading.sample(unit, shown);
            sample = sampled.sample();
            line.compression = sampled.compression();
        } catch (IOException e) {
            line.error = "cannot decompress: " + e.getMessage();
            return FileStatus.FAILED;
        }
        if (sample.head().length == 0) {
            return FileStatus.EMPTY;
        }
        LogFormat format = registry.sniff(sample).orElse(null);
        if (format == null) {
            line.error = "no format recognises it; it starts with " + UnitReading.quote(sample.head(), 60);
            return FileStatus.UNRECOGNISED;
        }
        line.format = format.name();
        line.source = format.tables().isEmpty() ? null : format.tables().get(0).name();
        readRecords(unit, shown, line, format, sample.hints(), tables, formatOptions, items);
        if (line.records == 0 && line.quarantined == 0 && line.skipped > 0) {
            return FileStatus.SKIPPED;
        }
        return line.quarantined > 0 ? FileStatus.PARTIAL : FileStatus.OK;
    }

    private static void readRecords(InputUnit unit, String shown, LedgerLine line, LogFormat format, PathHints hints,
                                    Map<String, TableSchema> tables, Map<String, String> formatOptions, List<Item> items) {
        long[] index = {0};
        UnitReading.Pass pass;
        try {
            pass = UnitReading.read(unit, shown, format, hints, formatOptions, item -> {
                if (item instanceof LogRecord record) {
                    line.records++;
                    Event event = record.event();
                    if (event != null && event.eventTime() != null) {
                        line.time(event.eventTime());
                    }
                    long rowId = RowIds.of(line.fileId, index[0]++);
                    var rows = PartRows.of(record, rowId, line.fileId, tables);
                    for (int i = 0; i < rows.size(); i++) {
                        items.add(Item.row(record.rows().get(i).table(), rows.get(i)));
                    }
                    if (record.dedupeKey() != null) {
                        items.add(Item.key(RowFactory.create(rowId, line.fileId, record.dedupeKey())));
                    }
                } else if (item instanceof ParseProblem problem) {
                    line.quarantined++;
                    items.add(quarantine(problem, line.fileId, shown));
                } else if (item instanceof Skipped skipped) {
                    line.skipped++;
                    line.skippedReasons.merge(skipped.reason(), 1L, Long::sum);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + shown, e);
        }
        line.contentBytes = pass.contentBytes();
        line.contentSha256 = pass.contentSha256();
        if (pass.error() != null) {
            line.error = pass.error();
        }
    }

    private static Item quarantine(ParseProblem problem, int fileId, String path) {
        Position at = problem.position();
        return Item.quarantine(RowFactory.create(fileId, path, at.offset() >= 0 ? at.offset() : null,
                at.line() >= 0 ? at.line() : null, problem.reason(), problem.raw()));
    }
}
