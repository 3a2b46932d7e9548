package dev.cloudsift.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Reads the rows of a Parquet file for a format that receives one (VPC flow logs in Parquet), so that formats need
 * no Parquet engine of their own: the store provides one, and a Spark job can provide its own. Found through
 * {@link ServiceLoader}.
 */
public interface ParquetRowSource {
    /** Opens a local Parquet file; the caller closes the rows. */
    Rows open(Path file) throws IOException;

    /** The rows of one file, in file order. */
    interface Rows extends Closeable {
        /** The file's column names, in file order. */
        List<String> columns();

        /**
         * The next row by column name in file order (values as String, Integer, Long, Double, Boolean, ...; null
         * for a missing value), or null after the last row.
         */
        Map<String, Object> next() throws IOException;
    }

    /** The first implementation on the class path, if any. */
    static Optional<ParquetRowSource> find() {
        return ServiceLoader.load(ParquetRowSource.class, ParquetRowSource.class.getClassLoader()).findFirst();
    }
}
