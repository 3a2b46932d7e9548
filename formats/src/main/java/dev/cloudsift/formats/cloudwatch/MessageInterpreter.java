package dev.cloudsift.formats.cloudwatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Utf8Slice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Understands the message of one CloudWatch Logs event and turns the event into a record: its {@code cloudwatch}
 * row, plus the source row and event of whatever the message carries (a CloudTrail record, a VPC flow record, a
 * WAF record, a host's sshd or sudo line).
 *
 * <p>Precedence, first match wins: a message that is one JSON object is {@code cloudtrail} (it has
 * {@code eventVersion}, {@code eventSource} and {@code eventName}), else {@code waf} (the group is
 * {@code aws-waf-logs-*} or it has {@code webaclId} and {@code httpRequest}), else {@code json}. Any other
 * message is {@code vpcflow} when the flow-log line parser accepts it, else a syslog line whose program is
 * sshd, sudo, su or an account tool ({@code sshd}, {@code sudo}, {@code su}, {@code useradd}), else
 * {@code syslog} for any other syslog line, else {@code text}.
 */
final class MessageInterpreter {
    /** CloudWatch Logs refuses events above 256 KB; a longer message is not from CloudWatch and is cut. */
    static final int MAX_MESSAGE_CHARS = 256 * 1024;
    /** The one readable line kept in {@code events.message}. */
    private static final int EVENT_MESSAGE_CHARS = 2048;

    private static final TableSchema TABLE = CloudWatchTables.CLOUDWATCH;
    private static final int LOG_GROUP = TABLE.indexOf("log_group");
    private static final int LOG_STREAM = TABLE.indexOf("log_stream");
    private static final int EVENT_ID = TABLE.indexOf("event_id");
    private static final int EVENT_TIME = TABLE.indexOf("event_time");
    private static final int INGESTION_TIME = TABLE.indexOf("ingestion_time");
    private static final int MESSAGE = TABLE.indexOf("message");
    private static final int MESSAGE_TRUNCATED = TABLE.indexOf("message_truncated");
    private static final int KIND = TABLE.indexOf("kind");
    private static final int KIND_NOTE = TABLE.indexOf("kind_note");
    private static final int PARSED = TABLE.indexOf("parsed");
    private static final int LINE_TIME = TABLE.indexOf("line_time");
    private static final int HOST = TABLE.indexOf("host");
    private static final int PROGRAM = TABLE.indexOf("program");
    private static final int OWNER = TABLE.indexOf("owner_account");
    private static final int SUBSCRIPTION_FILTERS = TABLE.indexOf("subscription_filters");
    private static final int EXTRACTED_FIELDS = TABLE.indexOf("extracted_fields");
    private static final int SHAPE = TABLE.indexOf("shape");
    private static final int PATH_ACCOUNT_ID = TABLE.indexOf("path_account_id");
    private static final int PATH_REGION = TABLE.indexOf("path_region");
    private static final int ACTION = TABLE.indexOf("action");
    private static final int OUTCOME = TABLE.indexOf("outcome");
    private static final int PRINCIPAL = TABLE.indexOf("principal");
    private static final int SRC_IP = TABLE.indexOf("src_ip");
    private static final int SRC_PORT = TABLE.indexOf("src_port");
    private static final int RESOURCE = TABLE.indexOf("resource");
    private static final int SUMMARY = TABLE.indexOf("summary");

    private final SourceContext context;
    private final EmbeddedRecords embedded;
    /** The stream and group of the last event, its resource, and the UTF-8 of {@code group\nstream\n} (null: not made). */
    private @Nullable String namedStream;
    private @Nullable String namedGroup;
    private @Nullable String namedResource;
    private byte @Nullable [] keyPrefix;
    private byte[] keyText = new byte[512];
    /** The digits of an event's time, at the end (a long has at most 19 and a sign). */
    private final byte[] timeText = new byte[20];

    MessageInterpreter(SourceContext context) {
        this.context = context;
        this.embedded = new EmbeddedRecords(context);
    }

    LogRecord interpret(LogEvent event) {
        return interpret(event, null);
    }

    /**
     * As {@link #interpret(LogEvent)}, with {@code messageCell} (when not null) the UTF-8 bytes of the event's whole
     * message, which the row then holds in place of the text.
     */
    LogRecord interpret(LogEvent event, @Nullable Utf8Slice messageCell) {
        String message = event.message();
        boolean truncated = message.length() > MAX_MESSAGE_CHARS;
        if (truncated) {
            message = message.substring(0, MAX_MESSAGE_CHARS);
        }
        Object[] row = TABLE.newRow();
        row[LOG_GROUP] = event.logGroup();
        row[LOG_STREAM] = event.logStream();
        row[EVENT_ID] = event.eventId();
        row[EVENT_TIME] = event.timestamp();
        row[INGESTION_TIME] = event.ingestionTime();
        row[MESSAGE] = messageCell != null && !truncated ? messageCell : message;
        row[MESSAGE_TRUNCATED] = truncated;
        row[OWNER] = event.owner();
        row[SUBSCRIPTION_FILTERS] = event.subscriptionFilters();
        row[EXTRACTED_FIELDS] = event.extractedFields();
        row[SHAPE] = event.shape();

        String accountId = event.owner() != null ? event.owner() : context.hints().accountId();
        Event.Builder common = Event.builder("cloudwatch")
                .eventTime(event.timestamp())
                .accountId(accountId)
                .region(context.hints().region())
                .eventId(event.eventId());
        // The readable line is set per branch: a syslog line's is its program and text, not the whole message.
        if (event.logStream() != namedStream || event.logGroup() != namedGroup) {
            // a reader's events mostly share their stream and group: name them once
            namedStream = event.logStream();
            namedGroup = event.logGroup();
            namedResource = ResourceNames.instanceId(namedStream, namedGroup);
            keyPrefix = null;
        }
        String resource = namedResource;
        String key = event.eventId() != null && !event.eventId().isEmpty() ? dedupeKey(event, message)
                : hashedKey(event, message, truncated ? null : messageCell);

        if (truncated) {
            row[KIND] = "text";
            row[KIND_NOTE] = "message of " + event.message().length() + " characters exceeds CloudWatch's 256 KiB event limit; cut";
            return finish(row, common.message(readableLine(message)).resource(resource != null ? resource : event.logGroup()), key, event);
        }
        String stripped = message.strip();
        if (stripped.startsWith("{")) {
            return jsonMessage(event, message, stripped, row, common, resource, key);
        }
        EmbeddedRecords.Found flow = embedded.vpcFlow(stripped, event.position());
        if (flow != null) {
            row[KIND] = "vpcflow";
            return merge(flow, row, event);
        }
        SyslogLine syslog = SyslogLine.parse(stripped, event.timestamp());
        if (syslog != null) {
            row[LINE_TIME] = syslog.lineTime();
            row[HOST] = syslog.host();
            row[PROGRAM] = syslog.program();
            String kind = HostActivity.kindOf(syslog.program());
            row[KIND] = kind != null ? kind : "syslog";
            common.resource(resource != null ? resource : syslog.host())
                    .message(readableLine(syslog.program() + ": " + syslog.text()));
            if (kind != null) {
                HostActivity activity = HostActivity.recognise(kind, syslog.text());
                if (activity != null) {
                    row[PARSED] = detailsJson(activity);
                    common.action(activity.action())
                            .outcome(activity.outcome())
                            .principal(activity.principal())
                            .srcIp(activity.sourceIp())
                            .srcPort(activity.sourcePort());
                }
            }
            return finish(row, common, key, event);
        }
        row[KIND] = "text";
        return finish(row, common.message(readableLine(message)).resource(resource != null ? resource : event.logGroup()),
                key, event);
    }

    private LogRecord jsonMessage(LogEvent event, String message, String stripped, Object[] row, Event.Builder common,
            @Nullable String resource, String key) {
        common.message(readableLine(message)).resource(resource != null ? resource : event.logGroup());
        JsonNode json;
        try {
            json = parseSingleValue(stripped);
        } catch (IOException | RuntimeException notJson) {
            row[KIND] = "text";
            String what = looksLikeCloudTrail(stripped) ? "looks like a CloudTrail record but is not valid JSON: "
                    : "starts like a JSON object but is not valid JSON: ";
            row[KIND_NOTE] = what + firstLine(notJson.getMessage());
            return finish(row, common, key, event);
        }
        if (json.isObject()) {
            if (json.has("eventVersion") && json.has("eventSource") && json.has("eventName")) {
                EmbeddedRecords.Found trail = embedded.cloudTrail(json, stripped, event.position());
                if (trail.record() != null) {
                    row[KIND] = "cloudtrail";
                    return merge(trail, row, event);
                }
                row[KIND_NOTE] = "looks like a CloudTrail record but was refused: " + trail.refusal();
            } else if (isWaf(event.logGroup(), json)) {
                EmbeddedRecords.Found waf = embedded.waf(json, event.position());
                if (waf.record() != null) {
                    row[KIND] = "waf";
                    return merge(waf, row, event);
                }
                row[KIND_NOTE] = "looks like a WAF record but was refused: " + waf.refusal();
            }
        }
        row[KIND] = "json";
        row[PARSED] = json.toString();
        return finish(row, common, key, event);
    }

    private static boolean isWaf(@Nullable String logGroup, JsonNode json) {
        return (logGroup != null && logGroup.startsWith("aws-waf-logs-"))
                || (json.has("webaclId") && json.has("httpRequest"));
    }

    private static boolean looksLikeCloudTrail(String stripped) {
        return stripped.startsWith("{\"eventVersion\"")
                || (stripped.contains("\"eventSource\"") && stripped.contains("\"eventName\""));
    }

    /** The CloudWatch row joins the embedded record: its event and source rows, and its dedupe key. */
    private static LogRecord merge(EmbeddedRecords.Found found, Object[] row, LogEvent event) {
        LogRecord inner = found.record();
        List<TableRow> rows = new ArrayList<>(inner.rows());
        rows.add(new TableRow(TABLE.name(), row));
        return new LogRecord(inner.event(), rows, inner.dedupeKey() != null ? inner.dedupeKey()
                : dedupeKey(event, Utf8Slice.text(row[MESSAGE])), event.position(), inner.anomalies());
    }

    private LogRecord finish(Object[] row, Event.Builder common, String key, LogEvent event) {
        Event built = common.build();
        row[PATH_ACCOUNT_ID] = context.hints().accountId();
        row[PATH_REGION] = context.hints().region();
        row[ACTION] = built.action();
        row[OUTCOME] = built.outcome().columnValue();
        row[PRINCIPAL] = built.principal();
        row[SRC_IP] = built.srcIp();
        row[SRC_PORT] = built.srcPort();
        row[RESOURCE] = built.resource();
        row[SUMMARY] = built.message();
        return LogRecord.of(built, new TableRow(TABLE.name(), row), key, event.position());
    }

    /** {@code cloudwatch:<group>:<event id>} when the event has an id, else a hash of group, stream, time, message. */
    static String dedupeKey(LogEvent event, String message) {
        String group = event.logGroup() == null ? "" : event.logGroup();
        if (event.eventId() != null && !event.eventId().isEmpty()) {
            return "cloudwatch:" + group + ":" + event.eventId();
        }
        String stream = event.logStream() == null ? "" : event.logStream();
        String time = event.timestamp() == null ? "" : Long.toString(event.timestamp().toEpochMilli());
        return RecordKeys.hashed("cloudwatch", group + "\n" + stream + "\n" + time + "\n" + message);
    }

    /**
     * {@link #dedupeKey} of an event without an id, hashed from the UTF-8 of its parts written one after the other
     * (the message's from {@code messageCell} when given) rather than from one concatenated String.
     */
    private String hashedKey(LogEvent event, String message, @Nullable Utf8Slice messageCell) {
        if (keyPrefix == null) {
            String group = event.logGroup() == null ? "" : event.logGroup();
            String stream = event.logStream() == null ? "" : event.logStream();
            keyPrefix = (group + "\n" + stream + "\n").getBytes(StandardCharsets.UTF_8);
        }
        int timeFrom = timeDigits(event.timestamp());
        byte[] time = timeText;
        int timeLength = time.length - timeFrom;
        byte[] text = messageCell != null ? messageCell.array() : message.getBytes(StandardCharsets.UTF_8);
        int textOffset = messageCell != null ? messageCell.offset() : 0;
        int textLength = messageCell != null ? messageCell.length() : text.length;
        int length = keyPrefix.length + timeLength + 1 + textLength;
        if (length > keyText.length) {
            keyText = new byte[Math.max(length, keyText.length * 2)];
        }
        System.arraycopy(keyPrefix, 0, keyText, 0, keyPrefix.length);
        System.arraycopy(time, timeFrom, keyText, keyPrefix.length, timeLength);
        keyText[keyPrefix.length + timeLength] = '\n';
        System.arraycopy(text, textOffset, keyText, keyPrefix.length + timeLength + 1, textLength);
        return RecordKeys.hashed("cloudwatch", keyText, 0, length);
    }

    /**
     * Writes {@code Long.toString} of the time's epoch milliseconds (nothing for no time) at the end of
     * {@link #timeText}; returns where it starts. Written in place: the String and its bytes were made for every event.
     */
    private int timeDigits(@Nullable java.time.Instant time) {
        int at = timeText.length;
        if (time == null) {
            return at;
        }
        long millis = time.toEpochMilli();
        long rest = Math.abs(millis);
        if (rest < 0) {
            // Long.MIN_VALUE has no positive counterpart; toEpochMilli never gives it, but say it right anyway
            byte[] digits = Long.toString(millis).getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(digits, 0, timeText, at - digits.length, digits.length);
            return at - digits.length;
        }
        do {
            timeText[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest != 0);
        if (millis < 0) {
            timeText[--at] = '-';
        }
        return at;
    }

    private static JsonNode parseSingleValue(String text) throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            parser.setCodec(Json.MAPPER);
            JsonNode node = parser.readValueAsTree();
            if (parser.nextToken() != null) {
                throw new IOException("text follows the JSON value at column " + parser.currentLocation().getColumnNr());
            }
            if (node == null) {
                throw new IOException("no JSON value");
            }
            return node;
        }
    }

    /** Keys {@link #details} writes before the activity's own details, which may name them again. */
    private static final java.util.Set<String> FIXED_KEYS = java.util.Set.of("action", "outcome", "user", "src_ip",
            "src_port");

    /**
     * The {@code parsed} column of a host line: {@link #details} written straight to text with Jackson's string
     * quoting, without the tree and its maps, or a generator and its writer per line, which showed in ingest
     * profiles. A detail that names a fixed key replaces that key's value in place in the tree, so such rare lines
     * still go through it.
     */
    static String detailsJson(HostActivity activity) {
        // The details in key order (as the tree's sorted map writes them), sorted by insertion as they are few.
        Map<String, String> details = activity.details();
        String[] keys = new String[details.size()];
        String[] values = new String[keys.length];
        int count = 0;
        for (Map.Entry<String, String> detail : details.entrySet()) {
            String key = detail.getKey();
            if (FIXED_KEYS.contains(key)) {
                return details(activity).toString();
            }
            int at = count++;
            while (at > 0 && keys[at - 1].compareTo(key) > 0) {
                keys[at] = keys[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            keys[at] = key;
            values[at] = detail.getValue();
        }
        StringBuilder text = new StringBuilder(160).append('{');
        field(text, "action", activity.action());
        field(text.append(','), "outcome", activity.outcome().columnValue());
        if (activity.principal() != null) {
            field(text.append(','), "user", activity.principal());
        }
        if (activity.sourceIp() != null) {
            field(text.append(','), "src_ip", activity.sourceIp());
        }
        if (activity.sourcePort() != null) {
            text.append(",\"src_port\":").append(activity.sourcePort().intValue());
        }
        for (int i = 0; i < count; i++) {
            field(text.append(','), keys[i], values[i]);
        }
        return text.append('}').toString();
    }

    /** {@code "name":"value"}, both quoted as Jackson quotes JSON strings. */
    private static void field(StringBuilder text, String name, String value) {
        quoted(text.append('"'), name);
        quoted(text.append("\":\""), value);
        text.append('"');
    }

    /**
     * Appends {@code value} as Jackson quotes a JSON string. Jackson's encoder appends to a StringBuilder one char at a
     * time, which showed in the ingest profile; values with nothing to escape (nearly all) are appended whole.
     */
    private static void quoted(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7E) {
                JsonStringEncoder.getInstance().quoteAsString(value, text);
                return;
            }
        }
        text.append(value);
    }

    static ObjectNode details(HostActivity activity) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("action", activity.action());
        node.put("outcome", activity.outcome().columnValue());
        if (activity.principal() != null) {
            node.put("user", activity.principal());
        }
        if (activity.sourceIp() != null) {
            node.put("src_ip", activity.sourceIp());
        }
        if (activity.sourcePort() != null) {
            node.put("src_port", activity.sourcePort());
        }
        for (Map.Entry<String, String> detail : new java.util.TreeMap<>(activity.details()).entrySet()) {
            node.put(detail.getKey(), detail.getValue());
        }
        return node;
    }

    /** The first line of a message, cut to a readable length. */
    static String readableLine(String message) {
        String line = firstLine(message.strip());
        return line.length() > EVENT_MESSAGE_CHARS ? line.substring(0, EVENT_MESSAGE_CHARS) : line;
    }

    private static String firstLine(@Nullable String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
