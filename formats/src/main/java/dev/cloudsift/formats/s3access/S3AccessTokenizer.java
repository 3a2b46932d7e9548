package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

    /** The fields of a line, or why it could not be split. */
    record Result(List<String> fields, @Nullable String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final String line;
    private int position;
    private final List<String> fields = new ArrayList<>(32);

    private S3AccessTokenizer(String line) {
        this.line = line;
    }

    /** Splits {@code line} (without its line break); nulls in the result stand for {@code -} and {@code "-"}. */
    static Result tokenize(String line) {
        Result result = new S3AccessTokenizer(line).split();
        if (result.ok()) {
            // A control character in a key, Request-URI or User-Agent is the requester's doing: the line is kept
            // as written (output escapes it), or a hostile User-Agent would hide its request from the timeline.
            return result;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return new Result(List.of(), String.format("binary data in a text log: control character 0x%02X at column %d",
                        (int) c, i + 1));
            }
        }
        return result;
    }

    private Result split() {
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
            return new Result(List.of(), error);
        }
        while (position < line.length()) {
            int end = line.indexOf(' ', position);
            if (end < 0) {
                end = line.length();
            }
            String token = line.substring(position, end);
            fields.add(token.equals("-") ? null : token);
            position = end + 1;
        }
        return new Result(Collections.unmodifiableList(fields), null);
    }

    private String endsEarly() {
        int count = fields.size();
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
        String token = line.substring(position, end);
        fields.add(token.equals("-") || token.equals("\"-\"") ? null : token);
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
        fields.add(line.substring(position + 1, close));
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
                String requester = line.substring(start, tokenStarts[k - 1] - 1);
                fields.add(requester.equals("-") ? null : requester);
                String requestId = line.substring(tokenStarts[k - 1], scan - 1);
                fields.add(requestId.equals("-") ? null : requestId);
                fields.add(line.substring(scan, end));
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
                fields.add(unquote(position + 1, quote));
                position = quote + 2;
                return null;
            }
            quote = line.indexOf('"', quote + 1);
        }
        return "field " + (fields.size() + 1) + " (" + FIELD_NAMES[fields.size()] + ") opens a quote that is never closed";
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
                fields.add(unquote(position + 1, quote));
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
                fields.add(unquote(position + 1, quote));
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

    private @Nullable String unquote(int start, int end) {
        String text = line.substring(start, end);
        if (text.equals("-")) {
            return null;
        }
        return text.indexOf('\\') < 0 ? text : text.replace("\\\"", "\"");
    }
}
