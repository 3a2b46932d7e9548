package dev.cloudsift.core.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Peels compression layers off a stream by magic bytes (gzip in gzip happens with Firehose), reading every
 * member of concatenated gzip and bzip2 files, and guards against decompression bombs.
 */
public final class Decompression {
    /** More layers than this is not a log file. */
    public static final int MAX_LAYERS = 4;
    private static final int PEEK = 512;

    private Decompression() {}

    /** The content with every compression layer removed, and the layers found (outermost first). */
    public static final class Opened {
        private final InputStream content;
        private final List<CompressionKind> layers;
        private final CompressionKind innerKind;
        private final List<GzipMembersStream> gzipLayers;

        Opened(InputStream content, List<CompressionKind> layers, CompressionKind innerKind,
               List<GzipMembersStream> gzipLayers) {
            this.content = Objects.requireNonNull(content, "content");
            this.layers = List.copyOf(layers);
            this.innerKind = Objects.requireNonNull(innerKind, "innerKind");
            this.gzipLayers = List.copyOf(gzipLayers);
        }

        public InputStream content() {
            return content;
        }

        public List<CompressionKind> layers() {
            return layers;
        }

        public CompressionKind innerKind() {
            return innerKind;
        }

        /** What reading the layers noticed that is not damage (zero padding after gzip), once content is read. */
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            for (GzipMembersStream gzip : gzipLayers) {
                if (gzip.zeroPadding() > 0) {
                    notes.add("zero padding after the last gzip member");
                }
            }
            return notes;
        }
    }

    public static Opened open(InputStream raw, long rawSize) throws IOException {
        InputStream current = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        List<CompressionKind> layers = new ArrayList<>();
        List<GzipMembersStream> gzipLayers = new ArrayList<>();
        while (true) {
            CompressionKind kind = peek(current);
            if (kind != CompressionKind.GZIP && kind != CompressionKind.BZIP2) {
                return new Opened(current, layers, kind, gzipLayers);
            }
            if (layers.size() == MAX_LAYERS) {
                throw new IOException("more than " + MAX_LAYERS + " nested compression layers");
            }
            layers.add(kind);
            InputStream inflated;
            if (kind == CompressionKind.GZIP) {
                GzipMembersStream gzip = new GzipMembersStream(current);
                gzipLayers.add(gzip);
                inflated = gzip;
            } else {
                inflated = new BZip2CompressorInputStream(current, true);
            }
            current = new BufferedInputStream(new ExpansionGuard(inflated, rawSize), 1 << 16);
        }
    }

    /** Magic of a mark-supporting stream without consuming it. */
    public static CompressionKind peek(InputStream in) throws IOException {
        byte[] head = new byte[PEEK];
        in.mark(PEEK);
        int length = readFully(in, head);
        in.reset();
        return CompressionKind.detect(head, length);
    }

    /** Reads until the buffer is full or the stream ends; returns the count. */
    public static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
