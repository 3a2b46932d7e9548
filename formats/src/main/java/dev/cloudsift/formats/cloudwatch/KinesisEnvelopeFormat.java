package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A Kinesis Lambda event ({@code {"Records":[{"kinesis":{"data":...}}]}}) whose records are CloudWatch Logs
 * subscription payloads. Claimed above {@link #STRONG} because CloudTrail files also open with {@code Records}.
 */
public final class KinesisEnvelopeFormat extends JsonDumpFormat {
    @Override
    public String name() {
        return "cloudwatch.kinesis";
    }

    @Override
    public String description() {
        return "CloudWatch Logs subscription payloads carried in a Kinesis Lambda event's Records[].kinesis.data";
    }

    /** A payload in Kinesis records outranks the CloudTrail-like Records envelope around it. */
    @Override
    public int highestScore() {
        return STRONG + 10;
    }

    @Override
    int sniffObject(String text) {
        if (!text.contains("\"Records\"") || !text.contains("\"kinesis\"")) {
            return NO;
        }
        String data = firstData(text);
        if (data == null) {
            return WEAK;
        }
        return startsLikeAPayload(data) ? STRONG + 10 : WEAK;
    }

    /** The first {@code data} string value in the head, or as much of it as the head holds. */
    private static @Nullable String firstData(String text) {
        int key = text.indexOf("\"data\"");
        if (key < 0) {
            return null;
        }
        int colon = text.indexOf(':', key + 6);
        int open = colon < 0 ? -1 : text.indexOf('"', colon + 1);
        if (open < 0) {
            return null;
        }
        int close = text.indexOf('"', open + 1);
        return text.substring(open + 1, close < 0 ? text.length() : close);
    }

    /**
     * Whether base64 data inflates to something that opens like a subscription payload. Only the start is
     * decoded, so a record cut by the end of the sniffed head still tells.
     */
    private static boolean startsLikeAPayload(String data) {
        String whole = data.replace("\\/", "/");
        int usable = whole.length() - whole.length() % 4;
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(whole.substring(0, usable));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] start = new byte[512];
        int length = 0;
        try {
            InputStream in = new ByteArrayInputStream(compressed);
            if (compressed.length > 2 && (compressed[0] & 0xFF) == 0x1F && (compressed[1] & 0xFF) == 0x8B) {
                in = new GZIPInputStream(in);
            } else if (compressed.length > 2 && (compressed[0] & 0xFF) == 0x78) {
                in = new InflaterInputStream(in);
            }
            int n;
            while (length < start.length && (n = in.read(start, length, start.length - length)) > 0) {
                length += n;
            }
        } catch (IOException cut) {
            // The head ended inside the data: judge by what inflated before the cut.
        }
        return new String(start, 0, length, StandardCharsets.UTF_8).contains("\"messageType\"");
    }
}
