package dev.cloudsift.formats.cloudwatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes the {@code data} string of a Lambda {@code awslogs} envelope or a Kinesis record: base64, then gzip
 * (what CloudWatch Logs writes) or zlib (seen in test events), bounded against decompression bombs.
 */
final class EnvelopeData {
    /** CloudWatch subscription payloads stay near 1 MB; anything past this is refused. */
    static final int MAX_DECODED_BYTES = 16 * 1024 * 1024;

    private EnvelopeData() {}

    /** The decoded payload bytes. */
    static byte[] decode(String data) throws IOException {
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IOException("is not valid base64: " + e.getMessage(), e);
        }
        if (compressed.length >= 2 && (compressed[0] & 0xFF) == 0x1F && (compressed[1] & 0xFF) == 0x8B) {
            return inflate(new GZIPInputStream(new ByteArrayInputStream(compressed)), "gzip");
        }
        if (compressed.length >= 2 && (compressed[0] & 0xFF) == 0x78
                && (((compressed[0] & 0xFF) << 8) | (compressed[1] & 0xFF)) % 31 == 0) {
            return inflate(new InflaterInputStream(new ByteArrayInputStream(compressed)), "zlib");
        }
        int first = compressed.length == 0 ? -1 : compressed[0] & 0xFF;
        if (first == '{' || first == '[') {
            return compressed;
        }
        throw new IOException("does not decode to gzip, zlib or JSON");
    }

    private static byte[] inflate(InputStream in, String kind) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_DECODED_BYTES) {
                    throw new IOException("inflates past " + MAX_DECODED_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("inflates past")) {
                throw e;
            }
            throw new IOException("does not inflate as " + kind + ": " + e.getMessage(), e);
        }
    }
}
