package dev.cloudsift.core.input;

/** What the first bytes of a stream say it is, before any log format is asked. */
public enum CompressionKind {
    GZIP, BZIP2, ZIP, TAR, PLAIN;

    /** Decides by magic bytes alone; {@code head} may be shorter than any magic. */
    public static CompressionKind detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        if (length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r') {
            return TAR;
        }
        return PLAIN;
    }
}
