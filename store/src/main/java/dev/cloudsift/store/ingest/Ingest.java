package dev.cloudsift.store.ingest;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.input.InputUnit;
import dev.cloudsift.core.input.InputWalker;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.Compaction;
import dev.cloudsift.store.enrich.CaseEnricher;
import dev.cloudsift.store.enrich.CaseEnrichers;
import dev.cloudsift.store.CaseSchema;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.PartLayout;
import dev.cloudsift.store.evidence.EvidenceKeeper;
import dev.cloudsift.store.evidence.EvidenceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBConnection;

/**
 * Reads inputs into a case: a walker thread expands inputs, parsing threads read files and gather their records
 * into Arrow batches, sorted by time and split by date, and this thread has DuckDB write what they gathered as staged
 * Parquet parts, one statement at a time. Queues and what each thread gathers are bounded, so memory stays flat
 * whatever the input size. Records with the same dedupe key are stored once; the ledger accounts for every file. The parts,
 * the ledger and the views commit together: a run that stops early leaves the case as it was.
 */
public final class Ingest {
    private static final InputUnit END = new InputUnit() {
        @Override public String displayPath() { return ""; }
        @Override public long size() { return 0; }
        @Override public java.io.InputStream openRaw() { throw new UnsupportedOperationException(); }
    };

    private final CaseStore store;
    private final FormatRegistry registry;

    public Ingest(CaseStore store, FormatRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public IngestSummary run(IngestOptions options, IngestListener listener) throws SQLException, InterruptedException {
        TableBatch.requireMemoryAccess();
        listener.phase("reading");
        Instant started = Instant.now();
        Connection connection = store.connection();
        int ingestId = (int) store.scalarLong("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests");
        int firstFileId = (int) store.scalarLong("SELECT coalesce(max(file_id), 0) + 1 FROM ingest_files");
        // Row ids are file id and index (RowIds.of), above those of earlier ingests since file ids are; the
        // meta value is kept for readers of older cases, whose row ids were counted from it.
        long previousNextRowId = nextRowId();
        SameBytes sameBytes = new SameBytes(knownHashes());
        Map<String, TableSchema> tables = new HashMap<>(store.tables());
        for (Map.Entry<String, TableSchema> declared : registry.tables().entrySet()) {
            tables.putIfAbsent(declared.getKey(), declared.getValue());
        }
        Path staging = store.folder().resolve(PartLayout.STAGING).resolve(Integer.toString(ingestId));
        CaseParts.deleteTree(staging);

        BlockingQueue<Numbered> units = new ArrayBlockingQueue<>(options.threads() * 4);
        BlockingQueue<WriterMessage> messages = new ArrayBlockingQueue<>(options.threads() * 4);
        AtomicInteger fileIds = new AtomicInteger(firstFileId);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        InputWalker walker = new InputWalker(store.folder());

        Thread walking = new Thread(() -> walk(walker, options.inputs(), units, messages, fileIds, listener, options.threads(), failure),
                "cloudsift-walk");
        threads.add(walking);
        EvidenceStore evidenceStore = new EvidenceStore(store.evidenceRoot());
        try {
            evidenceStore.clearIncoming();
        } catch (java.io.IOException e) {
            throw new SQLException("cannot clear the evidence folder's incoming copies: " + e.getMessage(), e);
        }
        EvidenceKeeper evidence = new EvidenceKeeper(evidenceStore, options.evidence());
        AtomicLong written = new AtomicLong();
        FileProcessor processor = new FileProcessor(registry, options.formatOptions(), sameBytes, messages, evidence, written);
        // Statements handed over and not yet written, at most: with the rows each parsing thread gathers, they bound
        // the ingest's Arrow memory.
        Semaphore outstanding = new Semaphore(OUTSTANDING_WRITES);
        KeyFingerprints fingerprints = new KeyFingerprints();
        AtomicInteger writes = new AtomicInteger();
        RowWriter.Sender sender = insert -> handOver(insert, outstanding, messages);
        for (int i = 0; i < options.threads(); i++) {
            threads.add(new Thread(() -> parse(units, messages, processor, failure,
                    new RowWriter(tables, staging, ingestId, sender, writes, options.threads(), fingerprints.recorder())), "cloudsift-parse-" + i));
        }
        threads.forEach(thread -> {
            thread.setDaemon(true);
            thread.start();
        });

        List<FileResult> results = new ArrayList<>();
        boolean committed = false;
        List<String> moved = List.of();
        Set<String> changedTables = new HashSet<>();
        connection.setAutoCommit(false);
        try {
            // While the parsing threads run, DuckDB's writes get the cores those leave, at least the write thread's
            // own: a second DuckDB thread on a busy machine doubled the CPU a COPY took (1M VPC flow rows: 9.1 CPU s
            // on two threads, 5.8 on one) without finishing it sooner.
            writeThreads(connection, Math.max(1, Runtime.getRuntime().availableProcessors() - options.threads()));
            try (InsertThread inserts = new InsertThread(connection.unwrap(DuckDBConnection.class))) {
                int running = options.threads();
                long reported = 0;
                try {
                    while (running > 0) {
                        WriterMessage message = messages.take();
                        if (message instanceof WriterMessage.Write write) {
                            inserts.send(write.insert(), outstanding::release);
                        } else if (message instanceof WriterMessage.Finished finished) {
                            results.add(finished.result());
                            listener.fileFinished(finished.result());
                        } else {
                            running--;
                        }
                        long now = written.get();
                        if (now != reported) {
                            listener.recordsWritten(now - reported);
                            reported = now;
                        }
                    }
                    inserts.await();
                } finally {
                    if (running > 0) {
                        // Abandoned: stop the parsing threads and free what they handed over and is not written.
                        threads.forEach(Thread::interrupt);
                        discardWrites(messages);
                    }
                }
                setMeta("next_row_id", Long.toString(Math.max(previousNextRowId, RowIds.of(fileIds.get(), 0))));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET threads");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("ingest thread failed: " + failure.get(), failure.get());
            }
            listener.phase("finding duplicates");
            Set<Integer> superseded = settleSameBytes(results, sameBytes);
            dropQuarantined(connection, superseded);
            Deduplicator deduplicator = new Deduplicator(connection, staging);
            Map<Integer, Long> duplicates = deduplicator.find(results, superseded, fingerprints);
            listener.phase("removing duplicates");
            deduplicator.removeFromStaged(tables, !duplicates.isEmpty() || !superseded.isEmpty());
            results.replaceAll(result -> duplicates.containsKey(result.fileId())
                    ? result.withDuplicates(duplicates.get(result.fileId())) : result);
            results.sort(Comparator.comparingInt(FileResult::fileId));
            listener.phase("describing parts");
            List<CaseParts.Part> parts = CaseParts.describeStaged(connection, staging, tables.values());
            listener.phase("committing");
            // From here until the commit, the moved files are in tables/ but listed nowhere: a run cut off in
            // between leaves files the next open removes, never a case that counts them.
            parts.forEach(part -> changedTables.add(part.table()));
            moved = CaseParts.moveIntoCase(store.folder(), staging);
            CaseParts.record(connection, parts, ingestId);
            store.refreshViews(parts.stream().map(CaseParts.Part::table).toList());
            Instant finished = Instant.now();
            new LedgerWriter(connection).write(ingestId, started, finished, options, results);
            connection.commit();
            committed = true;
            // This process holds the case's lock: whatever else is in staging/ is debris too.
            CaseParts.deleteTree(store.folder().resolve(PartLayout.STAGING));
        } finally {
            if (!committed) {
                resetThreadsQuietly(connection);
                threads.forEach(Thread::interrupt);
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the original failure is what matters
                }
                removeQuietly(store.folder(), moved, staging);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // After a failed write DuckDB has no transaction left to end; the failure in flight is the one to report.
                if (committed) {
                    throw e;
                }
            } finally {
                walker.close();
            }
        }
        List<String> warnings = runEnrichers(listener, ingestId, changedTables);
        try {
            listener.phase("compacting");
            new Compaction(store).run(Compaction.AUTOMATIC_THRESHOLD);
        } catch (SQLException | RuntimeException e) {
            warnings.add("compaction failed (the case is unchanged; run cloudsift compact): " + e.getMessage());
        }
        listener.phase("summing up");
        Instant finished = Instant.now();
        long rawBytes = results.stream().mapToLong(r -> Math.max(0, r.size())).sum();
        long contentBytes = results.stream().mapToLong(FileResult::contentBytes).sum();
        return new IngestSummary(ingestId, List.copyOf(results), totals(results, firstFileId, fileIds.get()),
                Duration.between(started, finished), rawBytes, contentBytes, warnings);
    }

    private static void resetThreadsQuietly(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET threads");
        } catch (SQLException ignored) {
            // the failure in flight is the one to report
        }
    }

    private static void writeThreads(Connection connection, int threads) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
        }
    }

    /**
     * Once every file is read: a file read before an earlier copy of the same bytes (in sorted path order) was
     * hashed becomes that copy's duplicate, as if it had been hashed after it, and files that named it as their
     * copy name the one kept. Returns the files whose rows are to be dropped.
     */
    private static Set<Integer> settleSameBytes(List<FileResult> results, SameBytes sameBytes) {
        Set<Integer> superseded = new HashSet<>();
        results.replaceAll(result -> {
            Integer winner = result.sha256() == null ? null : sameBytes.winner(result.sha256());
            if (winner == null || winner == result.fileId()) {
                return result;
            }
            if (result.status() != FileStatus.ALREADY_INGESTED) {
                superseded.add(result.fileId());
            }
            return result.sameBytesAs(winner);
        });
        return superseded;
    }

    /** Quarantine rows of files whose copy another file keeps; they are in this ingest's open transaction. */
    private static void dropQuarantined(Connection connection, Set<Integer> fileIds) throws SQLException {
        if (fileIds.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM quarantine WHERE file_id IN (" + fileIds.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    /** Removes what an abandoned ingest wrote; whatever is left, the next open for writing removes. */
    private static void removeQuietly(Path folder, List<String> moved, Path staging) {
        try {
            for (String path : moved) {
                java.nio.file.Files.deleteIfExists(folder.resolve(path));
            }
            CaseParts.deleteTree(staging);
        } catch (IOException | RuntimeException ignored) {
            // the failure that abandoned the ingest is what the caller reports
        }
    }

    /** An input and its ledger file id, handed out in the walker's (sorted path) order. */
    private record Numbered(InputUnit unit, int fileId) {}

    private static void walk(InputWalker walker, List<Path> inputs, BlockingQueue<Numbered> units,
                             BlockingQueue<WriterMessage> messages, AtomicInteger fileIds, IngestListener listener,
                             int workers, AtomicReference<Throwable> failure) {
        try {
            walker.walk(inputs, new InputWalker.Sink() {
                @Override
                public void unit(InputUnit unit) throws InterruptedException {
                    listener.discovered(1, Math.max(0, unit.size()));
                    units.put(new Numbered(unit, fileIds.getAndIncrement()));
                }

                @Override
                public void problem(String displayPath, long size, String reason) throws InterruptedException {
                    listener.discovered(1, Math.max(0, size));
                    FileResult failed = new FileResult(fileIds.getAndIncrement(), displayPath, size, null, null, 0, null, null,
                            null, FileStatus.FAILED, reason, 0, 0, 0, 0, 0, Map.of(), null, null,
                            dev.cloudsift.core.PathHints.fromPath(displayPath), null, null);
                    messages.put(new WriterMessage.Finished(failed));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            for (int i = 0; i < workers; i++) {
                try {
                    units.put(new Numbered(END, -1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A parsing thread: reads files until the walker is done, writing with its own writer, then sends what the writer
     * still holds. A failure ends the thread (the ingest then fails); it always says it is done.
     */
    private static void parse(BlockingQueue<Numbered> units, BlockingQueue<WriterMessage> messages, FileProcessor processor,
                              AtomicReference<Throwable> failure, RowWriter writer) {
        try {
            while (true) {
                Numbered next = units.take();
                if (next.unit() == END) {
                    break;
                }
                processor.process(next.unit(), next.fileId(), writer);
            }
            writer.flush();
        } catch (UnitReading.ItemsFailed e) {
            failure.compareAndSet(null, e.getCause());
        } catch (SQLException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close();
            try {
                messages.put(new WriterMessage.WorkerDone());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Statements handed over by the parsing threads and not yet written, at most. */
    private static final int OUTSTANDING_WRITES = 2;

    /** Hands a writer's statement to this ingest's thread, waiting while {@link #OUTSTANDING_WRITES} are outstanding. */
    private static void handOver(TableBatch.Insert insert, Semaphore outstanding, BlockingQueue<WriterMessage> messages)
            throws SQLException {
        try {
            outstanding.acquire();
        } catch (InterruptedException e) {
            insert.discard();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while handing rows over", e);
        }
        try {
            messages.put(new WriterMessage.Write(insert));
        } catch (InterruptedException e) {
            outstanding.release();
            insert.discard();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while handing rows over", e);
        }
    }

    /** Frees the statements still queued for an abandoned ingest. */
    private static void discardWrites(BlockingQueue<WriterMessage> messages) {
        List<WriterMessage> left = new ArrayList<>();
        messages.drainTo(left);
        for (WriterMessage message : left) {
            if (message instanceof WriterMessage.Write write) {
                write.insert().discard();
            }
        }
    }

    private long nextRowId() throws SQLException {
        String value = store.meta("next_row_id");
        return value == null ? 1 : Long.parseLong(value);
    }

    private void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement statement = store.connection().prepareStatement(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)")) {
            statement.setString(1, key);
            statement.setString(2, value);
            statement.executeUpdate();
        }
    }

    private Map<String, Integer> knownHashes() throws SQLException {
        return LedgerWriter.knownHashes(store.connection());
    }

    /**
     * Runs the enrichers after a committed ingest. When every enricher ran to the end after the previous ingest
     * ({@value #ENRICHED} in meta), one whose tables got no new part has nothing to redo and is skipped: on a
     * re-ingest that adds nothing, or CloudWatch logs added to a case with Config items, rebuilding the Config
     * changes and metric spikes had cost a tenth of a CPU second or more each. A run cut off or failed before the
     * end leaves the mark behind, and the next ingest runs them all.
     */
    private List<String> runEnrichers(IngestListener listener, int ingestId, Set<String> changedTables) {
        List<String> warnings = new ArrayList<>(store.warnings());
        boolean previousDone = false;
        try {
            previousDone = enrichedMark(ingestId - 1).equals(store.meta(ENRICHED));
        } catch (SQLException e) {
            // unknown: run them all
        }
        boolean ran = false;
        boolean failed = false;
        for (CaseEnricher enricher : CaseEnrichers.all()) {
            if (previousDone && !enricher.affectedBy(changedTables)) {
                continue;
            }
            listener.phase(enricher.name());
            ran = true;
            try {
                enricher.enrich(store.connection());
            } catch (SQLException | RuntimeException e) {
                failed = true;
                warnings.add(enricher.name() + " failed: " + e.getMessage());
            }
        }
        if (ran || !previousDone) {
            listener.phase("refreshing views");
            try {
                // Derived tables (metric spikes) feed the events view, which must now include them.
                store.refreshEventsView();
            } catch (SQLException e) {
                failed = true;
                warnings.add("views not refreshed after the enrichers: " + e.getMessage());
            }
        }
        if (!failed) {
            try {
                setMeta(ENRICHED, enrichedMark(ingestId));
            } catch (SQLException e) {
                warnings.add("enrichment not marked done (the next ingest runs every enricher): " + e.getMessage());
            }
        }
        return warnings;
    }

    /**
     * The meta key naming the last ingest after which every enricher ran to the end, and the version that ran them
     * (another version's enrichers may derive otherwise).
     */
    static final String ENRICHED = "enriched_after_ingest";

    private static String enrichedMark(int ingestId) {
        return ingestId + " " + dev.cloudsift.store.Version.current();
    }

    private List<IngestSummary.SourceTotals> totals(List<FileResult> results, int firstFileId, int endFileId) throws SQLException {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Instant[]> spans = new HashMap<>();
        for (FileResult result : results) {
            String key = result.source() != null ? result.source() : "(" + result.status().columnValue() + ")";
            long[] c = counts.computeIfAbsent(key, k -> new long[6]);
            c[0]++;
            c[1] += result.read();
            c[2] += result.stored();
            c[3] += result.duplicates();
            c[4] += result.quarantined();
            c[5] += result.skipped();
            Instant[] span = spans.computeIfAbsent(key, k -> new Instant[2]);
            if (result.minTime() != null && (span[0] == null || result.minTime().isBefore(span[0]))) {
                span[0] = result.minTime();
            }
            if (result.maxTime() != null && (span[1] == null || result.maxTime().isAfter(span[1]))) {
                span[1] = result.maxTime();
            }
        }
        Map<String, List<List<String>>> placement = new HashMap<>();
        try (PreparedStatement statement = store.connection().prepareStatement("""
                SELECT source,
                       list(DISTINCT account_id ORDER BY account_id) FILTER (WHERE account_id IS NOT NULL),
                       list(DISTINCT region ORDER BY region) FILTER (WHERE region IS NOT NULL)
                FROM events WHERE file_id >= ? AND file_id < ? GROUP BY source""")) {
            statement.setInt(1, firstFileId);
            statement.setInt(2, endFileId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    placement.put(result.getString(1), List.of(strings(result.getArray(2)), strings(result.getArray(3))));
                }
            }
        }
        List<IngestSummary.SourceTotals> totals = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            long[] c = entry.getValue();
            Instant[] span = spans.get(entry.getKey());
            List<List<String>> where = placement.getOrDefault(entry.getKey(), List.of(List.of(), List.of()));
            totals.add(new IngestSummary.SourceTotals(entry.getKey(), c[0], c[1], c[2], c[3], c[4], c[5], span[0], span[1],
                    where.get(0), where.get(1)));
        });
        return totals;
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>();
        for (Object value : values) {
            if (value != null) {
                out.add(value.toString());
            }
        }
        return out;
    }
}
