package dev.cloudsift.store.ingest;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBConnection;

/**
 * Runs inserts one at a time on a thread of its own, so that rows are gathered while DuckDB writes the last ones: at
 * most one insert is in flight, and a failed one surfaces at the next {@link #send} or at {@link #await}.
 */
final class InsertThread implements AutoCloseable {
    private final DuckDBConnection connection;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread named = new Thread(task, "cloudsift-insert");
        named.setDaemon(true);
        return named;
    });
    private Future<?> inFlight;

    InsertThread(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Waits for the insert in flight, then starts this one; {@code after} runs once it is done, whatever the outcome. */
    void send(TableBatch.Insert insert, Runnable after) throws SQLException {
        try {
            await();
        } catch (SQLException | RuntimeException e) {
            insert.discard();
            after.run();
            throw e;
        }
        inFlight = thread.submit(() -> {
            try {
                insert.run(connection);
            } finally {
                after.run();
            }
            return null;
        });
    }

    /** Waits until the insert in flight, if any, is done; throws its failure. */
    void await() throws SQLException {
        Future<?> pending = inFlight;
        if (pending == null) {
            return;
        }
        inFlight = null;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The insert may still be running on the connection: let it end before anyone else uses it.
            waitQuietly(pending);
            throw new SQLException("interrupted while rows were being inserted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException(cause);
        }
    }

    private static void waitQuietly(Future<?> pending) {
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets an insert in flight end, then stops the thread. */
    @Override
    public void close() {
        Future<?> pending = inFlight;
        inFlight = null;
        if (pending != null) {
            waitQuietly(pending);
        }
        thread.shutdown();
    }
}
