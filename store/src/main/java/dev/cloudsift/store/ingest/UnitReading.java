package dev.cloudsift.store.ingest;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.Skipped;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.input.CompressionKind;
import dev.cloudsift.core.input.DamagedInputException;
import dev.cloudsift.core.input.Decompression;
import dev.cloudsift.core.input.InputUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reading one input unit, as every ingest engine does it (the local ingest's parsing threads and the Spark job's
 * executors): the sample a format is sniffed from, then one pass of the format's reader over the decompressed
 * content that hands every record, quarantined problem and skipped item to the caller, and says how the stream
 * ended. A broken stream quarantines the rest of the unit with where and why; a reader's own failure does too.
 */
public final class UnitReading {
    private UnitReading() {}

    /** The sample a format is sniffed from, and the compression layers found on the way (the ledger's words). */
    public record Sampled(Sample sample, String compression) {}

    /**
     * Receives each item the reader yields, in order. It fails with {@link ItemsFailed}, which ends the pass: the
     * failure is the receiver's, not the file's, so nothing is quarantined for it.
     */
    public interface Items {
        void accept(ReadItem item) throws InterruptedException;
    }

    /** The receiver of the items could not take one (e.g. its write failed); the cause says why. */
    public static final class ItemsFailed extends RuntimeException {
        public ItemsFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * How the pass ended: decompressed bytes read, their SHA-256 when the format wants it and the stream was read to
     * its end, and the reason the rest was quarantined (null when it was not).
     */
    public record Pass(long contentBytes, String contentSha256, String error) {}

    /** The unit's first {@link Sample#SIZE} decompressed bytes; a unit cut short early is sampled up to the break. */
    public static Sampled sample(InputUnit unit, String shownPath) throws IOException {
        try (InputStream raw = unit.openRaw()) {
            Decompression.Opened opened = Decompression.open(raw, unit.size());
            String compression = opened.layers().isEmpty() ? "none"
                    : opened.layers().stream().map(CompressionKind::name).map(String::toLowerCase).collect(Collectors.joining("+"));
            byte[] head = new byte[Sample.SIZE];
            int length = 0;
            boolean complete = false;
            try {
                int n;
                while (length < head.length && (n = opened.content().read(head, length, head.length - length)) > 0) {
                    length += n;
                }
                complete = length < head.length || opened.content().read() < 0;
            } catch (IOException truncated) {
                // A file cut short early still deserves a format: sniff what came out before the break.
                if (length == 0) {
                    throw truncated;
                }
            }
            return new Sampled(new Sample(Arrays.copyOf(head, length), complete, shownPath, PathHints.fromPath(shownPath)),
                    compression);
        }
    }

    /**
     * Reads the whole unit with the format's reader, handing every item to {@code items}; the decompressor's notes
     * (content after the end, say) follow as skipped items, and a broken stream or a failing reader ends the pass
     * with one quarantined problem for the rest of the unit.
     */
    public static Pass read(InputUnit unit, String shownPath, LogFormat format, PathHints hints,
                            Map<String, String> formatOptions, Items items) throws InterruptedException {
        MessageDigest digest = format.wantsContentHash() ? sha256() : null;
        SourceContext context = new SourceContext(shownPath, hints, formatOptions);
        InputStream raw = null;
        InputStream decompressed = null;
        CountingStream counted = null;
        EventReader reader = null;
        boolean clean = false;
        String error = null;
        try {
            raw = unit.openRaw();
            Decompression.Opened opened = Decompression.open(raw, unit.size());
            decompressed = opened.content();
            counted = new CountingStream(digest == null ? decompressed : new DigestInputStream(decompressed, digest));
            reader = format.open(counted, context);
            ReadItem item;
            while ((item = reader.next()) != null) {
                items.accept(item);
            }
            // The content hash must cover every byte, also those after the last record a reader needed.
            counted.transferTo(OutputStream.nullOutputStream());
            clean = true;
            for (String note : opened.notes()) {
                items.accept(new Skipped(new Position(counted.count(), -1), note));
            }
        } catch (IOException e) {
            Position at = reader == null ? Position.START : reader.position();
            ParseProblem rest = brokenStream(e, at, counted == null ? 0 : counted.count());
            items.accept(rest);
            error = rest.reason();
        } catch (ItemsFailed e) {
            throw e;
        } catch (RuntimeException e) {
            Position at = reader == null ? Position.START : reader.position();
            ParseProblem rest = ParseProblem.of(at, "reader " + format.name() + " failed at " + at.describe() + ": "
                    + e + "; the rest of the file is quarantined (this is a Cloudsift bug: please report it)", null);
            items.accept(rest);
            error = rest.reason();
        } finally {
            closeQuietly(reader);
            closeQuietly(decompressed);
            closeQuietly(raw);
        }
        return new Pass(counted == null ? 0 : counted.count(),
                digest != null && clean ? HexFormat.of().formatHex(digest.digest()) : null, error);
    }

    /** The first bytes of an unrecognised unit, for its ledger line: decoded, control characters escaped, bounded. */
    public static String quote(byte[] bytes, int maxChars) {
        return Printable.quote(bytes, maxChars);
    }

    /**
     * The rest of a file whose stream broke. Damaged compression says where and how, and its undecodable bytes are
     * kept; every record the reader yielded before the break is already stored.
     */
    private static ParseProblem brokenStream(IOException e, Position at, long consumed) {
        DamagedInputException damage = DamagedInputException.find(e);
        if (damage != null) {
            return new ParseProblem(at, damage.getMessage() + "; every record before it (up to " + at.describe()
                    + " of the decompressed content) is kept, the rest is quarantined",
                    damage.quarantineBytes(at.offset()));
        }
        return ParseProblem.of(at, "input ends early or is corrupt after " + at.describe()
                + " (decompressed byte " + consumed + "): " + e.getMessage()
                + "; the rest of the file is quarantined", null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the file is done either way; a failing close loses nothing already read
        }
    }
}
