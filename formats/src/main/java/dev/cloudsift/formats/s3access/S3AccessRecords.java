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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Turns the fields of one access log line into its {@code s3access} and {@code events} rows. */
final class S3AccessRecords {
    private static final TableSchema SCHEMA = S3AccessTables.S3ACCESS;
    private static final int KNOWN_FIELDS = S3AccessTokenizer.FIELD_NAMES.length;
    private static final int EXTRA_COLUMN = SCHEMA.indexOf("extra");
    private static final int FIELD_COUNT_COLUMN = SCHEMA.indexOf("field_count");
    private static final int ACCOUNT_ID_COLUMN = SCHEMA.indexOf("account_id");
    private static final int REGION_COLUMN = SCHEMA.indexOf("region");
    private static final int SRC_IP_COLUMN = SCHEMA.indexOf("src_ip");
    private static final int RESOURCE_COLUMN = SCHEMA.indexOf("resource");
    private static final int MESSAGE_COLUMN = SCHEMA.indexOf("message");
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

    private S3AccessRecords() {}

    /** The record of a tokenized line, or a problem naming the field that does not fit. */
    static ReadItem map(String line, List<String> fields, Position position, S3AccessPathHints hints) {
        Instant time = time(fields.get(TIME_FIELD));
        if (time == null) {
            return ParseProblem.of(position, "field 3 (Time) must look like 06/Feb/2019:00:00:38 +0000, found '"
                    + fields.get(TIME_FIELD) + "'", line);
        }
        Long[] numbers = new Long[5];
        int[] numberFields = {HTTP_STATUS, BYTES_SENT, OBJECT_SIZE, TOTAL_TIME, TURN_AROUND_TIME};
        for (int i = 0; i < numberFields.length; i++) {
            String text = fields.get(numberFields[i]);
            if (text == null) {
                continue;
            }
            numbers[i] = number(text);
            if (numbers[i] == null) {
                return ParseProblem.of(position, "field " + (numberFields[i] + 1) + " ("
                        + S3AccessTokenizer.FIELD_NAMES[numberFields[i]] + ") must be a number or '-', found '"
                        + abbreviate(text) + "'", line);
            }
        }
        Integer status = numbers[0] == null || numbers[0] > 999 ? null : numbers[0].intValue();
        if (numbers[0] != null && status == null) {
            return ParseProblem.of(position, "field 10 (HTTP status) must be a number or '-', found '"
                    + fields.get(HTTP_STATUS) + "'", line);
        }

        Object[] row = SCHEMA.newRow();
        int column = 0;
        for (int i = 0; i < Math.min(fields.size(), KNOWN_FIELDS); i++) {
            String value = fields.get(i);
            switch (i) {
                case TIME_FIELD -> row[column++] = time;
                case KEY -> {
                    row[column++] = value;
                    row[column++] = decode(value);
                }
                case REQUEST_URI -> {
                    row[column++] = value;
                    row[column++] = method(value);
                }
                case HTTP_STATUS -> row[column++] = status;
                case BYTES_SENT -> row[column++] = numbers[1];
                case OBJECT_SIZE -> row[column++] = numbers[2];
                case TOTAL_TIME -> row[column++] = numbers[3];
                case TURN_AROUND_TIME -> row[column++] = numbers[4];
                case ACL_REQUIRED -> row[column++] = "Yes".equalsIgnoreCase(value);
                default -> row[column++] = value;
            }
        }
        if (fields.size() > KNOWN_FIELDS) {
            row[EXTRA_COLUMN] = extraJson(fields.subList(KNOWN_FIELDS, fields.size()));
        }
        row[FIELD_COUNT_COLUMN] = fields.size();

        String bucket = fields.get(BUCKET);
        String key = fields.get(KEY);
        String requester = fields.get(REQUESTER);
        String remoteIp = fields.get(REMOTE_IP);
        String operation = fields.get(OPERATION);
        String requestId = fields.get(REQUEST_ID);
        String hostId = at(fields, HOST_ID);
        String accessPoint = at(fields, ACCESS_POINT_ARN);
        String errorCode = fields.get(ERROR_CODE);
        String region = Endpoints.region(at(fields, HOST_HEADER));
        String accountId = null;
        if (accessPoint != null) {
            String[] arn = accessPoint.split(":", 6);
            if (arn.length == 6) {
                region = region == null && !arn[3].isEmpty() ? arn[3] : region;
                accountId = arn[4].isEmpty() ? null : arn[4];
            }
        }
        Event event = Event.builder(SCHEMA.name())
                .eventTime(time)
                .accountId(accountId != null ? accountId : hints.accountId())
                .region(region != null ? region : hints.region())
                .action(operation)
                .outcome(outcome(status))
                .errorCode(errorCode)
                .principal(requester)
                .srcIp(IpAddresses.isIpAddress(remoteIp) ? remoteIp : null)
                .userAgent(fields.get(USER_AGENT))
                .resource(bucket == null ? null : "arn:aws:s3:::" + bucket + (key == null ? "" : "/" + decode(key)))
                .bytes(numbers[1])
                .eventId(requestId)
                .message(message(operation, bucket, key, status, errorCode, requester, remoteIp))
                .build();
        row[ACCOUNT_ID_COLUMN] = event.accountId();
        row[REGION_COLUMN] = event.region();
        row[SRC_IP_COLUMN] = event.srcIp();
        row[RESOURCE_COLUMN] = event.resource();
        row[MESSAGE_COLUMN] = event.message();
        String dedupeKey = requestId != null && hostId != null
                ? "s3access:" + requestId + ":" + hostId
                : RecordKeys.hashed("s3access", line);
        return LogRecord.of(event, new TableRow(SCHEMA.name(), row), dedupeKey, position);
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * The time of {@code 06/Feb/2019:00:00:38 +0000}. Every line has the same fixed-width shape, so the common
     * case is read by position (the formatter costs more than the rest of the line); anything else goes through
     * the English-locale formatter, and null means neither could read it.
     */
    static @Nullable Instant time(String text) {
        if (text.length() == 26 && text.charAt(2) == '/' && text.charAt(6) == '/' && text.charAt(11) == ':'
                && text.charAt(20) == ' ') {
            int month = MONTHS.indexOf(text.substring(3, 6));
            int day = Timestamps.twoDigits(text, 0);
            int year = Timestamps.twoDigits(text, 7) * 100 + Timestamps.twoDigits(text, 9);
            int hour = Timestamps.twoDigits(text, 12);
            int minute = Timestamps.twoDigits(text, 15);
            int second = Timestamps.twoDigits(text, 18);
            int offsetHours = Timestamps.twoDigits(text, 22);
            int offsetMinutes = Timestamps.twoDigits(text, 24);
            char sign = text.charAt(21);
            if (month >= 0 && month % 3 == 0 && day > 0 && day <= 31 && year >= 0 && hour < 24 && minute < 60
                    && second < 60 && offsetHours >= 0 && offsetMinutes >= 0 && text.charAt(14) == ':'
                    && text.charAt(17) == ':' && (sign == '+' || sign == '-') && day <= java.time.YearMonth.of(year,
                    month / 3 + 1).lengthOfMonth()) {
                long epochDay = java.time.LocalDate.of(year, month / 3 + 1, day).toEpochDay();
                int offset = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
                return Instant.ofEpochSecond(epochDay * 86400 + hour * 3600L + minute * 60L + second - offset);
            }
        }
        try {
            return OffsetDateTime.parse(text, TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
            text.append('/').append(key.length() > 200 ? key.substring(0, 200) + "..." : key);
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

    private static @Nullable String method(@Nullable String requestUri) {
        if (requestUri == null) {
            return null;
        }
        int space = requestUri.indexOf(' ');
        return space <= 0 ? null : requestUri.substring(0, space);
    }

    private static @Nullable Long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static @Nullable String at(List<String> fields, int index) {
        return index < fields.size() ? fields.get(index) : null;
    }

    private static String extraJson(List<String> extra) {
        var array = dev.cloudsift.core.Json.MAPPER.createArrayNode();
        for (String value : extra) {
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
