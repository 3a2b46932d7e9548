package dev.cloudsift.formats.s3access;

import dev.cloudsift.core.Event;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Timestamps;
import dev.cloudsift.core.Utf8Slice;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Turns the fields of one access log line into its {@code s3access} and {@code events} rows; one per reader. */
final class S3AccessRecords {
    private static final TableSchema SCHEMA = S3AccessTables.S3ACCESS;
    private static final int KNOWN_FIELDS = S3AccessTokenizer.FIELD_NAMES.length;
    private static final int EXTRA_COLUMN = SCHEMA.indexOf("extra");
    private static final int FIELD_COUNT_COLUMN = SCHEMA.indexOf("field_count");
    private static final int ACCOUNT_ID_COLUMN = SCHEMA.indexOf("account_id");
    private static final int REGION_COLUMN = SCHEMA.indexOf("region");
    private static final int SRC_IP_COLUMN = SCHEMA.indexOf("src_ip");
    private static final int BUCKET_COLUMN = SCHEMA.indexOf("bucket");
    private static final int REMOTE_IP_COLUMN = SCHEMA.indexOf("remote_ip");
    private static final int REQUESTER_COLUMN = SCHEMA.indexOf("requester");
    private static final int REQUEST_ID_COLUMN = SCHEMA.indexOf("request_id");
    private static final int OPERATION_COLUMN = SCHEMA.indexOf("operation");
    private static final int KEY_COLUMN = SCHEMA.indexOf("key");
    private static final int KEY_DECODED_COLUMN = SCHEMA.indexOf("key_decoded");
    private static final int HTTP_STATUS_COLUMN = SCHEMA.indexOf("http_status");
    private static final int ERROR_CODE_COLUMN = SCHEMA.indexOf("error_code");
    private static final int BYTES_SENT_COLUMN = SCHEMA.indexOf("bytes_sent");
    private static final int USER_AGENT_COLUMN = SCHEMA.indexOf("user_agent");
    /** Strict: a lenient resolver would turn 29/Feb/2025 into 28/Feb and 24:00:00 into the next day. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private static final int BUCKET_OWNER = 0;
    private static final int BUCKET = 1;
    private static final int TIME_FIELD = 2;
    private static final int REMOTE_IP = 3;
    private static final int REQUESTER = 4;
    private static final int REQUEST_ID = 5;
    private static final int OPERATION = 6;
    private static final int KEY = 7;
    private static final int REQUEST_URI = 8;
    private static final int HTTP_STATUS = 9;
    private static final int ERROR_CODE = 10;
    private static final int BYTES_SENT = 11;
    private static final int OBJECT_SIZE = 12;
    private static final int TOTAL_TIME = 13;
    private static final int TURN_AROUND_TIME = 14;
    private static final int USER_AGENT = 16;
    private static final int HOST_ID = 18;
    private static final int HOST_HEADER = 22;
    private static final int ACCESS_POINT_ARN = 24;
    private static final int ACL_REQUIRED = 25;
    /** The numeric fields, in the order of the numbers {@link #map} reads. */
    private static final int[] NUMBER_FIELDS = {HTTP_STATUS, BYTES_SENT, OBJECT_SIZE, TOTAL_TIME, TURN_AROUND_TIME};

    /** How much of a key the readable line shows, in code points. */
    static final int MESSAGE_KEY_CHARACTERS = 200;

    /** The host header of the previous line and the region it names: a file's lines mostly share one. */
    private @Nullable String lastHost;
    private @Nullable String lastRegion;

    /**
     * The record of a tokenized line, or a problem naming the field that does not fit. Cells come from
     * {@link S3AccessTokenizer#cell} (slices of the line's bytes when it is ASCII); numbers and the time are read in
     * place. The Event is {@linkplain Event#deferred deferred}: its fields, the readable line and the resource above
     * all, are worked out from the row only when read, as the ingest reads none but the time.
     */
    ReadItem map(String line, S3AccessTokenizer fields, Position position, S3AccessPathHints hints) {
        Instant time = time(line, fields.start(TIME_FIELD), fields.length(TIME_FIELD));
        if (time == null) {
            return ParseProblem.of(position, "field 3 (Time) must look like 06/Feb/2019:00:00:38 +0000, found '"
                    + fields.text(TIME_FIELD) + "'", line);
        }
        Long[] numbers = new Long[NUMBER_FIELDS.length];
        for (int i = 0; i < NUMBER_FIELDS.length; i++) {
            int field = NUMBER_FIELDS[i];
            if (fields.isNull(field)) {
                continue;
            }
            long number = fields.number(field);
            if (number < 0) {
                return ParseProblem.of(position, "field " + (field + 1) + " ("
                        + S3AccessTokenizer.FIELD_NAMES[field] + ") must be a number or '-', found '"
                        + abbreviate(fields.text(field)) + "'", line);
            }
            numbers[i] = number;
        }
        Integer status = numbers[0] == null || numbers[0] > 999 ? null : numbers[0].intValue();
        if (numbers[0] != null && status == null) {
            return ParseProblem.of(position, "field 10 (HTTP status) must be a number or '-', found '"
                    + fields.text(HTTP_STATUS) + "'", line);
        }

        // Most keys need no decoding (no escape in them): their decoded cell is the key's cell again, no copy made.
        String keyDecoded = null;
        if (!fields.isNull(KEY) && (fields.contains(KEY, '%') || fields.contains(KEY, '+'))) {
            String key = fields.text(KEY);
            String decoded = decode(key);
            keyDecoded = decoded == key ? null : decoded;
        }
        Object[] row = SCHEMA.newRow();
        int column = 0;
        for (int i = 0; i < Math.min(fields.size(), KNOWN_FIELDS); i++) {
            switch (i) {
                case TIME_FIELD -> row[column++] = time;
                case KEY -> {
                    Object cell = fields.cell(i);
                    row[column++] = cell;
                    row[column++] = keyDecoded == null ? cell : keyDecoded;
                }
                case REQUEST_URI -> {
                    row[column++] = fields.cell(i);
                    row[column++] = fields.firstWord(i);
                }
                case HTTP_STATUS -> row[column++] = status;
                case BYTES_SENT -> row[column++] = numbers[1];
                case OBJECT_SIZE -> row[column++] = numbers[2];
                case TOTAL_TIME -> row[column++] = numbers[3];
                case TURN_AROUND_TIME -> row[column++] = numbers[4];
                case ACL_REQUIRED -> row[column++] = fields.length(i) == 3 && !fields.isNull(i)
                        && line.regionMatches(true, fields.start(i), "Yes", 0, 3);
                default -> row[column++] = fields.cell(i);
            }
        }
        if (fields.size() > KNOWN_FIELDS) {
            row[EXTRA_COLUMN] = extraJson(fields);
        }
        row[FIELD_COUNT_COLUMN] = fields.size();

        String accessPoint = fields.text(ACCESS_POINT_ARN);
        String host = fields.repeatingText(HOST_HEADER);
        if (host != lastHost) {
            lastRegion = Endpoints.region(host);
            lastHost = host;
        }
        String region = lastRegion;
        String accountId = null;
        if (accessPoint != null) {
            String[] arn = accessPoint.split(":", 6);
            if (arn.length == 6) {
                region = region == null && !arn[3].isEmpty() ? arn[3] : region;
                accountId = arn[4].isEmpty() ? null : arn[4];
            }
        }
        row[ACCOUNT_ID_COLUMN] = accountId != null ? accountId : hints.accountId();
        row[REGION_COLUMN] = region != null ? region : hints.region();
        if (fields.isIpv4Cell(REMOTE_IP)) {
            // the address as it stands: the remote_ip cell again rather than a String of it
            row[SRC_IP_COLUMN] = row[REMOTE_IP_COLUMN];
        } else {
            String remoteIp = fields.repeatingText(REMOTE_IP);
            row[SRC_IP_COLUMN] = IpAddresses.isIpAddress(remoteIp) ? remoteIp : null;
        }
        // The rest of the Event (its readable line above all) is the views' work: worked out only when read.
        Event event = Event.deferred(SCHEMA.name(), time, () -> event(row, time));
        String dedupeKey = !fields.isNull(REQUEST_ID) && !fields.isNull(HOST_ID)
                ? fields.joined("s3access:", REQUEST_ID, HOST_ID)
                : RecordKeys.hashed("s3access", line);
        return LogRecord.of(event, new TableRow(SCHEMA.name(), row), dedupeKey, position);
    }

    /** The Event of a row {@link #map} filled, as the table's events projection gives it in the views. */
    static Event event(Object[] row, Instant time) {
        String operation = text(row, OPERATION_COLUMN);
        String bucket = text(row, BUCKET_COLUMN);
        String key = text(row, KEY_COLUMN);
        String keyDecoded = text(row, KEY_DECODED_COLUMN);
        Integer status = (Integer) row[HTTP_STATUS_COLUMN];
        String errorCode = text(row, ERROR_CODE_COLUMN);
        String requester = text(row, REQUESTER_COLUMN);
        return Event.builder(SCHEMA.name())
                .eventTime(time)
                .accountId(text(row, ACCOUNT_ID_COLUMN))
                .region(text(row, REGION_COLUMN))
                .action(operation)
                .outcome(outcome(status))
                .errorCode(errorCode)
                .principal(requester)
                .srcIp(text(row, SRC_IP_COLUMN))
                .userAgent(text(row, USER_AGENT_COLUMN))
                .resource(bucket == null ? null : key == null ? "arn:aws:s3:::" + bucket
                        : "arn:aws:s3:::" + bucket + "/" + keyDecoded)
                .bytes((Long) row[BYTES_SENT_COLUMN])
                .eventId(text(row, REQUEST_ID_COLUMN))
                .message(message(operation, bucket, key, status, errorCode, requester, text(row, REMOTE_IP_COLUMN)))
                .build();
    }

    private static @Nullable String text(Object[] row, int column) {
        return Utf8Slice.text(row[column]);
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * The time of {@code 06/Feb/2019:00:00:38 +0000}. Every line has the same fixed-width shape, so the common
     * case is read by position (the formatter costs more than the rest of the line); anything else goes through
     * the English-locale formatter, and null means neither could read it.
     */
    static @Nullable Instant time(String text) {
        return time(text, 0, text.length());
    }

    /** {@link #time(String)} of {@code line[from, from + length)}, read in place. */
    static @Nullable Instant time(String line, int from, int length) {
        if (length == 26 && line.charAt(from + 2) == '/' && line.charAt(from + 6) == '/' && line.charAt(from + 11) == ':'
                && line.charAt(from + 20) == ' ') {
            int month = month(line, from + 3);
            int day = Timestamps.twoDigits(line, from);
            int year = Timestamps.twoDigits(line, from + 7) * 100 + Timestamps.twoDigits(line, from + 9);
            int hour = Timestamps.twoDigits(line, from + 12);
            int minute = Timestamps.twoDigits(line, from + 15);
            int second = Timestamps.twoDigits(line, from + 18);
            int offsetHours = Timestamps.twoDigits(line, from + 22);
            int offsetMinutes = Timestamps.twoDigits(line, from + 24);
            char sign = line.charAt(from + 21);
            if (month >= 0 && month % 3 == 0 && day > 0 && day <= 31 && year >= 0 && hour < 24 && minute < 60
                    && second < 60 && offsetHours >= 0 && offsetMinutes >= 0 && line.charAt(from + 14) == ':'
                    && line.charAt(from + 17) == ':' && (sign == '+' || sign == '-') && day <= Timestamps.lengthOfMonth(year,
                    month / 3 + 1)) {
                long epochDay = Timestamps.epochDay(year, month / 3 + 1, day);
                int offset = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
                return Instant.ofEpochSecond(epochDay * 86400 + hour * 3600L + minute * 60L + second - offset);
            }
        }
        try {
            return OffsetDateTime.parse(line.substring(from, from + length), TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Index in {@link #MONTHS} of the three letters at {@code at} (as {@code MONTHS.indexOf} of them), or -1. */
    private static int month(String line, int at) {
        for (int i = 0; i + 3 <= MONTHS.length(); i++) {
            if (MONTHS.regionMatches(i, line, at, 3)) {
                return i;
            }
        }
        return -1;
    }

    /** The number of two digits at {@code index}, or -1. */
    static Outcome outcome(@Nullable Integer status) {
        if (status == null) {
            return Outcome.UNKNOWN;
        }
        return status < 400 ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    private static String message(String operation, @Nullable String bucket, @Nullable String key,
            @Nullable Integer status, @Nullable String errorCode, @Nullable String requester, @Nullable String remoteIp) {
        StringBuilder text = new StringBuilder(160).append(operation).append(' ')
                .append(bucket == null ? "-" : bucket);
        if (key != null) {
            // cut by code points, as the views' SQL (S3AccessTables.MESSAGE_SQL) cuts it, never inside a pair
            boolean cut = key.length() > MESSAGE_KEY_CHARACTERS
                    && key.codePointCount(0, key.length()) > MESSAGE_KEY_CHARACTERS;
            text.append('/').append(cut ? key.substring(0, key.offsetByCodePoints(0, MESSAGE_KEY_CHARACTERS)) + "..." : key);
        }
        text.append(" -> ");
        if (status == null) {
            text.append('-');
        } else {
            text.append(status.intValue());
        }
        if (errorCode != null) {
            text.append(' ').append(errorCode);
        }
        if (requester == null) {
            text.append(" by an anonymous requester ('-')");
        } else {
            text.append(" by ").append(requester);
        }
        text.append(" from ").append(remoteIp == null ? "-" : remoteIp);
        return text.toString();
    }

    /** Keys are URL-encoded in the log ({@code %20}, or {@code +} in batch deletes); CloudTrail shows them decoded. */
    static @Nullable String decode(@Nullable String key) {
        if (key == null || (key.indexOf('%') < 0 && key.indexOf('+') < 0)) {
            return key;
        }
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return key;
        }
    }

    private static String extraJson(S3AccessTokenizer fields) {
        var array = dev.cloudsift.core.Json.MAPPER.createArrayNode();
        for (int i = KNOWN_FIELDS; i < fields.size(); i++) {
            String value = fields.text(i);
            if (value == null) {
                array.addNull();
            } else {
                array.add(value);
            }
        }
        return array.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
