package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.DecimalDigits;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Utf8Slice;
import java.util.Arrays;

/**
 * Splits one S3 server access log line into its fields. No library reads this format, so this is a small
 * hand-written tokenizer; it never uses a regular expression per field. What it knows about the format:
 * <ul>
 *   <li>Time is bracketed and contains a space: {@code [06/Feb/2019:00:00:38 +0000]}.</li>
 *   <li>Requester is not quoted yet may contain spaces (a CloudFront origin access identity is logged as
 *       {@code arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1234}); it ends where the
 *       Operation (upper case, dotted, e.g. {@code REST.GET.OBJECT}) is two tokens further on.</li>
 *   <li>Request-URI, Referer and User-Agent are quoted and may contain quotes of their own, escaped or not. A
 *       Request-URI closes at the quote ending its HTTP version ({@code HTTP/1.1"}), else at the quote followed by
 *       status-, error- and size-shaped fields; a Referer at the quote
 *       followed by the User-Agent ({@code "} or {@code -}); a User-Agent at the last quote of the line, since no
 *       later field is ever quoted.</li>
 *   <li>{@code -} is null, and so is a quoted {@code "-"} (Referer and User-Agent are logged that way when absent).</li>
 *   <li>Fields after User-Agent are single tokens; old lines stop early, newer ones add fields at the end.</li>
 * </ul>
 * A field is kept as its span of the line, not as a substring: most cells are then cut from the line's bytes
 * ({@link #cell}) and only the values the Event names become {@code String}s. One per reader: it is reused for
 * every line.
 */
final class S3AccessTokenizer {
    /** Fields through User-Agent: every line S3 has ever written has at least these. */
    static final int MINIMUM_FIELDS = 17;
    static final String[] FIELD_NAMES = {"Bucket Owner", "Bucket", "Time", "Remote IP", "Requester", "Request ID",
        "Operation", "Key", "Request-URI", "HTTP status", "Error Code", "Bytes Sent", "Object Size", "Total Time",
        "Turn-Around Time", "Referer", "User-Agent", "Version Id", "Host Id", "Signature Version", "Cipher Suite",
        "Authentication Type", "Host Header", "TLS version", "Access Point ARN", "aclRequired", "Source region"};
    /** How many tokens a Requester may span before we give up looking for the Operation. */
    private static final int MAX_REQUESTER_TOKENS = 16;

    /** A span that stands for {@code -} or {@code "-"}. */
    private static final byte NULL = 1;
    /** A quoted span holding a backslash: its text has {@code \"} unescaped to {@code "}. */
    private static final byte ESCAPED = 2;

    private String line = "";
    private byte @Nullable [] ascii;
    private int position;
    private int count;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private byte[] kinds = new byte[32];
    /** Per field, the text {@link #repeatingText} last made of it, and the bytes it was made of (null: a line without). */
    private final String[] previousText = new String[FIELD_NAMES.length];
    private final byte[][] previousBytes = new byte[FIELD_NAMES.length][];
    private final int[] previousStarts = new int[FIELD_NAMES.length];

    /**
     * Splits {@code line} (without its line break) into fields; null when it did, else why not. {@code ascii} is the
     * line's bytes when it is ASCII throughout (then cells are cut from them), else null.
     */
    @Nullable String split(String line, byte @Nullable [] ascii) {
        this.line = line;
        this.ascii = ascii;
        this.position = 0;
        this.count = 0;
        String error = split();
        if (error == null) {
            // A control character in a key, Request-URI or User-Agent is the requester's doing: the line is kept
            // as written (output escapes it), or a hostile User-Agent would hide its request from the timeline.
            return null;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return String.format("binary data in a text log: control character 0x%02X at column %d", (int) c, i + 1);
            }
        }
        return error;
    }

    /** How many fields the line split into. */
    int size() {
        return count;
    }

    /** Whether field {@code i} is absent ({@code -}, {@code "-"}, or past the line's last field). */
    boolean isNull(int i) {
        return i >= count || kinds[i] == NULL;
    }

    /** The text of field {@code i}; null when {@link #isNull}. */
    @Nullable String text(int i) {
        if (isNull(i)) {
            return null;
        }
        String text = line.substring(starts[i], ends[i]);
        return kinds[i] == ESCAPED ? text.replace("\\\"", "\"") : text;
    }

    /**
     * {@link #text} of a field whose value repeats from line to line (bucket, operation, requester, host): the same
     * {@code String} as the previous line's when the value is the same, so neither it nor the store's copy of its
     * bytes is made again.
     */
    @Nullable String repeatingText(int i) {
        if (isNull(i) || kinds[i] == ESCAPED || i >= previousText.length) {
            return text(i);
        }
        String previous = previousText[i];
        int length = ends[i] - starts[i];
        if (previous != null && previous.length() == length) {
            byte[] bytes = previousBytes[i];
            // compared as bytes where both lines have them: a vectorised compare, not a char loop
            boolean same = ascii != null && bytes != null
                    ? Arrays.equals(ascii, starts[i], ends[i], bytes, previousStarts[i], previousStarts[i] + length)
                    : line.startsWith(previous, starts[i]);
            if (same) {
                return previous;
            }
        }
        String text = line.substring(starts[i], ends[i]);
        previousText[i] = text;
        previousBytes[i] = ascii;
        previousStarts[i] = starts[i];
        return text;
    }

    /** Field {@code i} as a row cell: a slice of the line's bytes when it has them, else its text; null when absent. */
    @Nullable Object cell(int i) {
        if (isNull(i)) {
            return null;
        }
        if (ascii != null && kinds[i] != ESCAPED) {
            return Utf8Slice.of(ascii, starts[i], ends[i] - starts[i]);
        }
        return text(i);
    }

    /**
     * The first word of field {@code i} as a cell (the method of a Request-URI): the text before its first space,
     * null when the field is absent, has no space or opens with one.
     */
    @Nullable Object firstWord(int i) {
        if (isNull(i)) {
            return null;
        }
        if (ascii == null || kinds[i] == ESCAPED) {
            String text = text(i);
            int space = text.indexOf(' ');
            return space <= 0 ? null : text.substring(0, space);
        }
        int space = line.indexOf(' ', starts[i]);
        return space <= starts[i] || space >= ends[i] ? null : Utf8Slice.of(ascii, starts[i], space - starts[i]);
    }

    /** Whether field {@code i} (present) holds {@code c}, looked for in place. */
    boolean contains(int i, char c) {
        for (int at = starts[i]; at < ends[i]; at++) {
            if (line.charAt(at) == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code prefix + text(first) + ":" + text(second)} of two present fields (an ASCII prefix), made in one go rather than from two
     * substrings and their concatenation: the dedupe key of nearly every line.
     */
    String joined(String prefix, int first, int second) {
        if (ascii == null || kinds[first] == ESCAPED || kinds[second] == ESCAPED) {
            return prefix + text(first) + ":" + text(second);
        }
        int firstLength = ends[first] - starts[first];
        int secondLength = ends[second] - starts[second];
        byte[] key = new byte[prefix.length() + firstLength + 1 + secondLength];
        for (int i = 0; i < prefix.length(); i++) {
            key[i] = (byte) prefix.charAt(i);
        }
        int at = prefix.length();
        System.arraycopy(ascii, starts[first], key, at, firstLength);
        at += firstLength;
        key[at++] = ':';
        System.arraycopy(ascii, starts[second], key, at, secondLength);
        return new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether field {@code i} (present) is a dotted IPv4 address and a slice of the line's bytes, read in place. */
    boolean isIpv4Cell(int i) {
        return ascii != null && kinds[i] != ESCAPED && IpAddresses.isIpv4(ascii, starts[i], ends[i]);
    }

    /** The decimal value of field {@code i} read in place (at most 18 digits), or -1 when it is not one. */
    long number(int i) {
        return DecimalDigits.parse(line, starts[i], ends[i], DecimalDigits.MAX);
    }

    /** Where field {@code i} starts in the line. */
    int start(int i) {
        return starts[i];
    }

    /** Length of field {@code i} in the line. */
    int length(int i) {
        return ends[i] - starts[i];
    }

    /** Records field {@code [start, end)} of the given kind (0: a value as it stands). */
    private void add(int start, int end, byte kind) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        kinds[count] = kind;
        count++;
    }

    private boolean dash(int start, int end) {
        return end - start == 1 && line.charAt(start) == '-';
    }

    private @Nullable String split() {
        String error = plain();
        if (error == null) {
            error = plain();
        }
        if (error == null) {
            error = time();
        }
        if (error == null) {
            error = plain();
        }
        if (error == null) {
            error = requesterRequestIdOperation();
        }
        if (error == null) {
            error = plain();
        }
        if (error == null) {
            error = requestUri();
        }
        for (int i = 0; i < 6 && error == null; i++) {
            error = plain();
        }
        if (error == null) {
            error = quoted(this::userAgentFollows);
        }
        if (error == null) {
            error = lastQuoted();
        }
        if (error != null) {
            return error;
        }
        while (position < line.length()) {
            int end = line.indexOf(' ', position);
            if (end < 0) {
                end = line.length();
            }
            add(position, end, dash(position, end) ? NULL : 0);
            position = end + 1;
        }
        return null;
    }

    private String endsEarly() {
        return "line ends after field " + count + (count > 0 ? " (" + FIELD_NAMES[count - 1] + ")" : "")
                + "; expected at least " + MINIMUM_FIELDS + " fields, through User-Agent";
    }

    private @Nullable String plain() {
        if (position >= line.length()) {
            return endsEarly();
        }
        int end = line.indexOf(' ', position);
        if (end < 0) {
            end = line.length();
        }
        boolean quotedDash = end - position == 3 && line.startsWith("\"-\"", position);
        add(position, end, dash(position, end) || quotedDash ? NULL : 0);
        position = end + 1;
        return null;
    }

    private @Nullable String time() {
        if (position >= line.length()) {
            return endsEarly();
        }
        if (line.charAt(position) != '[') {
            return "field 3 (Time) must be bracketed like [06/Feb/2019:00:00:38 +0000], found '"
                    + line.substring(position, Math.min(line.length(), position + 30)) + "'";
        }
        int close = line.indexOf(']', position);
        if (close < 0 || close - position > 40) {
            return "field 3 (Time) has no closing ']'";
        }
        add(position + 1, close, (byte) 0);
        position = close + 2;
        return null;
    }

    private @Nullable String requesterRequestIdOperation() {
        int start = position;
        int[] tokenStarts = new int[MAX_REQUESTER_TOKENS + 2];
        int scan = position;
        for (int k = 0; k < tokenStarts.length && scan < line.length(); k++) {
            tokenStarts[k] = scan;
            int end = line.indexOf(' ', scan);
            if (end < 0) {
                end = line.length();
            }
            if (k >= 2 && isOperation(scan, end)) {
                int requesterEnd = tokenStarts[k - 1] - 1;
                add(start, requesterEnd, dash(start, requesterEnd) ? NULL : 0);
                add(tokenStarts[k - 1], scan - 1, dash(tokenStarts[k - 1], scan - 1) ? NULL : 0);
                add(scan, end, (byte) 0);
                position = end + 1;
                return null;
            }
            scan = end + 1;
        }
        if (scan >= line.length()) {
            int available = 4 + Math.min(2, countTokens(start));
            return "line ends after field " + available + " (" + FIELD_NAMES[available - 1]
                    + "); expected at least " + MINIMUM_FIELDS + " fields, through User-Agent";
        }
        return "no Operation (like REST.GET.OBJECT) within " + MAX_REQUESTER_TOKENS
                + " tokens after Remote IP; expected Requester, Request ID, Operation";
    }

    private int countTokens(int from) {
        int count = 0;
        int scan = from;
        while (scan < line.length()) {
            count++;
            int end = line.indexOf(' ', scan);
            scan = end < 0 ? line.length() : end + 1;
        }
        return count;
    }

    /** Operations are upper-case words joined by dots: REST.GET.OBJECT, BATCH.DELETE.OBJECT, S3.EXPIRE.OBJECT. */
    private boolean isOperation(int start, int end) {
        if (end - start < 3 || line.charAt(start) == '.' || line.charAt(end - 1) == '.') {
            return false;
        }
        boolean dot = false;
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return dot;
    }

    private interface CloseTest {
        boolean closesAt(int quote);
    }

    private @Nullable String quoted(CloseTest test) {
        if (position >= line.length()) {
            return endsEarly();
        }
        if (line.charAt(position) != '"') {
            return plain();
        }
        int quote = line.indexOf('"', position + 1);
        while (quote >= 0) {
            if (!escaped(quote) && test.closesAt(quote)) {
                unquote(position + 1, quote);
                position = quote + 2;
                return null;
            }
            quote = line.indexOf('"', quote + 1);
        }
        return "field " + (count + 1) + " (" + FIELD_NAMES[count] + ") opens a quote that is never closed";
    }

    /**
     * The Request-URI closes at the first quote that ends an HTTP version ({@code HTTP/1.1"}) and is followed by a
     * space; failing that (a {@code "-"}, a request line without version), at the first quote followed by fields
     * shaped like HTTP status, Error Code, Bytes Sent and Object Size.
     */
    private @Nullable String requestUri() {
        if (position >= line.length() || line.charAt(position) != '"') {
            return plain();
        }
        int quote = line.indexOf('"', position + 1);
        while (quote >= 0) {
            if (!escaped(quote) && (quote + 1 == line.length() || line.charAt(quote + 1) == ' ') && endsHttpVersion(quote)) {
                unquote(position + 1, quote);
                position = quote + 2;
                return null;
            }
            quote = line.indexOf('"', quote + 1);
        }
        return quoted(this::statusFollows);
    }

    /** {@code HTTP/d} or {@code HTTP/d.d} right before {@code quote}. */
    private boolean endsHttpVersion(int quote) {
        int slash = line.lastIndexOf("HTTP/", quote);
        if (slash < 0 || slash <= position) {
            return false;
        }
        for (int i = slash + 5; i < quote; i++) {
            char c = line.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.')) {
                return false;
            }
        }
        return quote > slash + 5;
    }

    private @Nullable String lastQuoted() {
        if (position >= line.length()) {
            return endsEarly();
        }
        if (line.charAt(position) != '"') {
            return plain();
        }
        int quote = line.lastIndexOf('"');
        while (quote > position) {
            if (!escaped(quote) && (quote + 1 == line.length() || line.charAt(quote + 1) == ' ')) {
                unquote(position + 1, quote);
                position = quote + 2;
                return null;
            }
            quote = line.lastIndexOf('"', quote - 1);
        }
        return "field 17 (User-Agent) opens a quote that is never closed";
    }

    /** The quote is followed by an HTTP status, an Error Code, then Bytes Sent and Object Size ({@code -} or digits). */
    private boolean statusFollows(int quote) {
        if (quote + 1 >= line.length() || line.charAt(quote + 1) != ' ') {
            return false;
        }
        int start = quote + 2;
        for (int field = 0; field < 4; field++) {
            if (start >= line.length()) {
                return false;
            }
            int end = line.indexOf(' ', start);
            if (end < 0) {
                end = line.length();
            }
            boolean dash = end - start == 1 && line.charAt(start) == '-';
            if (field != 1 && !dash && !digits(start, end, field == 0 ? 3 : 18)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private boolean digits(int start, int end, int maxLength) {
        if (end - start < 1 || end - start > maxLength) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A Referer ends at a quote followed by the User-Agent: a quote, or {@code -} as a whole token, or the end. */
    private boolean userAgentFollows(int quote) {
        if (quote + 1 == line.length()) {
            return true;
        }
        if (line.charAt(quote + 1) != ' ' || quote + 2 >= line.length()) {
            return false;
        }
        char next = line.charAt(quote + 2);
        return next == '"' || (next == '-' && (quote + 3 == line.length() || line.charAt(quote + 3) == ' '));
    }

    private boolean escaped(int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private void unquote(int start, int end) {
        add(start, end, dash(start, end) ? NULL : hasBackslash(start, end) ? ESCAPED : 0);
    }

    /** Whether {@code line[start, end)} holds a backslash; looked for there only, not on to the end of the line. */
    private boolean hasBackslash(int start, int end) {
        for (int i = start; i < end; i++) {
            if (line.charAt(i) == '\\') {
                return true;
            }
        }
        return false;
    }
}
