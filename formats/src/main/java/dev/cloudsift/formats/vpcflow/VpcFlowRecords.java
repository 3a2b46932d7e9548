package dev.cloudsift.formats.vpcflow;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.DecimalDigits;
import dev.cloudsift.core.Event;
import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.LogRecord;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import dev.cloudsift.core.ParseProblem;
import dev.cloudsift.core.PathHints;
import dev.cloudsift.core.Position;
import dev.cloudsift.core.ReadItem;
import dev.cloudsift.core.RecordKeys;
import dev.cloudsift.core.TableRow;
import dev.cloudsift.core.Utf8Slice;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps one flow log record (a text line, or the values of a Parquet row) onto a {@code vpcflow} row and its
 * {@code events} row. Public so that readers of other containers (CloudWatch Logs messages) reuse it:
 * {@code VpcFlowRecords.map(message, VpcFlowLayout.defaultV2(), position, hints)}.
 */
public final class VpcFlowRecords {
    /** Source name in {@code events} and name of the source table. */
    public static final String SOURCE = "vpcflow";

    private static final int PROTOCOL_NAME = VpcFlowTables.VPCFLOW.indexOf(VpcFlowTables.PROTOCOL_NAME);
    private static final int TCP_FLAG_NAMES = VpcFlowTables.VPCFLOW.indexOf(VpcFlowTables.TCP_FLAG_NAMES);
    private static final int EXTRA = VpcFlowTables.VPCFLOW.indexOf(VpcFlowTables.EXTRA);
    private static final int PATH_ACCOUNT_ID = VpcFlowTables.VPCFLOW.indexOf(VpcFlowTables.PATH_ACCOUNT_ID);
    private static final int PATH_REGION = VpcFlowTables.VPCFLOW.indexOf(VpcFlowTables.PATH_REGION);

    private VpcFlowRecords() {}

    /**
     * One record from a line in the given layout: a {@link LogRecord}, or a {@link ParseProblem} naming the field
     * that does not fit. Never throws for bad input.
     *
     * @param hints where the line came from; its account and region fill in what the record lacks
     */
    public static ReadItem map(String line, VpcFlowLayout layout, Position position, PathHints hints) {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(layout, "layout");
        return mapSplit(split(line, layout.size()), line, layout, position, hints);
    }

    /** {@link #map(String, VpcFlowLayout, Position, PathHints)} of a line already split (null: too many fields). */
    static ReadItem mapSplit(String @Nullable [] tokens, String line, VpcFlowLayout layout, Position position,
            PathHints hints) {
        if (tokens == null) {
            return ParseProblem.of(position, "expected " + layout.size() + " space-separated fields (" + describe(layout)
                    + "), found more", line);
        }
        if (tokens.length != layout.size()) {
            return ParseProblem.of(position, "expected " + layout.size() + " space-separated fields (" + describe(layout)
                    + "), found " + tokens.length, line);
        }
        return map(tokens, line, layout, position, hints);
    }

    /**
     * One record from values already split (a Parquet row): {@code "-"} or null means no value.
     *
     * @param raw the record as text, kept when it is quarantined
     */
    public static ReadItem map(String[] values, String raw, VpcFlowLayout layout, Position position, PathHints hints) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(hints, "hints");
        if (values.length != layout.size()) {
            return ParseProblem.of(position, "expected " + layout.size() + " values (" + describe(layout) + "), found "
                    + values.length, raw);
        }
        Object[] row = VpcFlowTables.VPCFLOW.newRow();
        StringWriter extra = null;
        JsonGenerator extraJson = null;
        try {
            for (int slot = 0; slot < values.length; slot++) {
                String value = values[slot];
                VpcFlowField field = layout.field(slot);
                if (field == null) {
                    if (extraJson == null) {
                        extra = new StringWriter();
                        extraJson = Json.FACTORY.createGenerator(extra);
                        extraJson.writeStartObject();
                    }
                    extraJson.writeStringField(layout.names().get(slot), value);
                    continue;
                }
                if (value == null || value.equals("-")) {
                    continue;
                }
                Object typed = convert(field, value);
                if (typed == null) {
                    return ParseProblem.of(position, "field '" + field.awsName() + "': expected " + expectation(field)
                            + " or '-', found '" + shorten(value) + "'", raw);
                }
                row[layout.column(slot)] = typed;
            }
            if (extraJson != null) {
                extraJson.writeEndObject();
                extraJson.close();
                row[EXTRA] = extra.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        String dedupeKey = layout.hasTime() ? RecordKeys.hashed(SOURCE, canonical(values, layout)) : null;
        return record(row, dedupeKey, position, hints);
    }

    /**
     * The record of a row whose flow fields are filled: the protocol and flag names and the path columns added, and a
     * deferred Event. The readable line is not put in the row: {@code vpcflow.message} is computed in the views.
     */
    static LogRecord record(Object[] row, @Nullable String dedupeKey, Position position, PathHints hints) {
        Integer protocol = integer(row, VpcFlowField.PROTOCOL);
        if (protocol != null) {
            row[PROTOCOL_NAME] = IpProtocols.name(protocol);
        }
        Integer flags = integer(row, VpcFlowField.TCP_FLAGS);
        if (flags != null) {
            row[TCP_FLAG_NAMES] = TcpFlags.names(flags);
        }
        row[PATH_ACCOUNT_ID] = hints.accountId();
        row[PATH_REGION] = hints.region();
        Instant start = (Instant) row[column(VpcFlowField.START)];
        Instant end = (Instant) row[column(VpcFlowField.END)];
        // The rest of the Event (its readable line above all) is the views' work: worked out only when read.
        Event event = Event.deferred(SOURCE, start != null ? start : end, () -> event(row, hints));
        return LogRecord.of(event, new TableRow(SOURCE, row), dedupeKey, position);
    }

    /**
     * Splits a line at runs of spaces or tabs; null when it has more than {@code maxFields} fields (so a hostile
     * line of a million separators costs nothing).
     */
    static String @Nullable [] split(String line, int maxFields) {
        int count = 0;
        int length = line.length();
        boolean inToken = false;
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            boolean separator = c == ' ' || c == '\t';
            if (!separator && !inToken) {
                count++;
                if (count > maxFields) {
                    return null;
                }
            }
            inToken = !separator;
        }
        String[] tokens = new String[count];
        int index = 0;
        int start = -1;
        for (int i = 0; i <= length; i++) {
            char c = i == length ? ' ' : line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (start >= 0) {
                    tokens[index++] = line.substring(start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return tokens;
    }

    private static @Nullable Object convert(VpcFlowField field, String value) {
        return switch (field.type()) {
            case INTEGER -> {
                long number = DecimalDigits.parse(value, 0, value.length(), 10);
                if (number < 0 || number > Integer.MAX_VALUE || (field.isPort() && number > 65535)
                        || (field == VpcFlowField.PROTOCOL && number > 255)) {
                    yield null;
                }
                yield (int) number;
            }
            case BIGINT -> {
                long number = DecimalDigits.parse(value, 0, value.length(), 18);
                yield number < 0 ? null : number;
            }
            case TIMESTAMP -> {
                long seconds = DecimalDigits.parse(value, 0, value.length(), 12);
                yield seconds < 0 ? null : Instant.ofEpochSecond(seconds);
            }
            default -> field.isAddress() && !IpAddresses.isIpAddress(value) ? null : value;
        };
    }


    private static String expectation(VpcFlowField field) {
        if (field.isPort()) {
            return "a port number 0-65535";
        }
        if (field == VpcFlowField.PROTOCOL) {
            return "a protocol number 0-255";
        }
        if (field.isAddress()) {
            return "an IPv4 or IPv6 address";
        }
        return switch (field.type()) {
            case TIMESTAMP -> "Unix seconds";
            case INTEGER, BIGINT -> "a whole number";
            default -> "a value";
        };
    }

    /** The Event of a filled row, as the table's events projection gives it in the views. */
    static Event event(Object[] row, PathHints hints) {
        String account = string(row, VpcFlowField.ACCOUNT_ID);
        String region = string(row, VpcFlowField.REGION);
        String action = string(row, VpcFlowField.ACTION);
        String status = string(row, VpcFlowField.LOG_STATUS);
        String srcaddr = string(row, VpcFlowField.SRCADDR);
        String dstaddr = string(row, VpcFlowField.DSTADDR);
        Integer srcport = integer(row, VpcFlowField.SRCPORT);
        Integer dstport = integer(row, VpcFlowField.DSTPORT);
        Long bytes = (Long) row[column(VpcFlowField.BYTES)];
        Long packets = (Long) row[column(VpcFlowField.PACKETS)];
        Instant start = (Instant) row[column(VpcFlowField.START)];
        Instant end = (Instant) row[column(VpcFlowField.END)];
        String resource = resource(row);
        // By the action written: AWS writes none ('-') on NODATA and SKIPDATA rows, so those stay unknown.
        Outcome outcome = "ACCEPT".equals(action) ? Outcome.SUCCESS
                : "REJECT".equals(action) ? Outcome.FAILURE
                : Outcome.UNKNOWN;
        String protocolName = (String) row[PROTOCOL_NAME];
        Integer protocol = integer(row, VpcFlowField.PROTOCOL);

        String text = message(action, status, srcaddr, dstaddr, srcport, dstport, packets, bytes, resource,
                protocolName, protocol);

        return Event.builder(SOURCE)
                .eventTime(start != null ? start : end)
                .accountId(account != null ? account : hints.accountId())
                .region(region != null ? region : hints.region())
                .action(action)
                .outcome(outcome)
                .errorCode(string(row, VpcFlowField.REJECT_REASON))
                .srcIp(srcaddr)
                .dstIp(dstaddr)
                .srcPort(srcport)
                .dstPort(dstport)
                .resource(resource)
                .bytes(bytes)
                .message(text)
                .build();
    }

    /**
     * The record as one readable line, word for word as {@link VpcFlowTables#MESSAGE_SQL} gives it in the views; null
     * when there is nothing to say. Numbers are appended as primitives and no trailing separator is left to strip:
     * it runs for every line whose Event is read whole (tests, Spark's checks), not during an ingest.
     */
    static @Nullable String message(@Nullable String action, @Nullable String status, @Nullable String srcaddr,
            @Nullable String dstaddr, @Nullable Integer srcport, @Nullable Integer dstport, @Nullable Long packets,
            @Nullable Long bytes, @Nullable String resource, @Nullable String protocolName, @Nullable Integer protocol) {
        StringBuilder message = new StringBuilder(160);
        boolean noTraffic = "NODATA".equals(status) || "SKIPDATA".equals(status);
        if (noTraffic && srcaddr == null && dstaddr == null) {
            message.append(status);
            if (resource != null) {
                message.append(" on ").append(resource);
            }
            message.append(status.equals("NODATA") ? ": no traffic in the window" : ": records dropped in the window, a gap");
        } else {
            if (action != null) {
                message.append(action).append(' ');
            }
            if (protocolName != null) {
                message.append(protocolName).append(' ');
            } else if (protocol != null) {
                message.append("protocol ").append(protocol.intValue()).append(' ');
            }
            if (srcaddr != null || dstaddr != null) {
                endpoint(message, srcaddr, srcport).append(" -> ");
                endpoint(message, dstaddr, dstport).append(' ');
            }
            if (packets != null) {
                message.append(packets.longValue()).append(" packets ");
            }
            if (bytes != null) {
                message.append(bytes.longValue()).append(" bytes ");
            }
            if (resource != null) {
                message.append("on ").append(resource).append(' ');
            }
            if (status != null && !status.equals("OK")) {
                message.append(status);
            }
        }
        int length = message.length();
        while (length > 0 && message.charAt(length - 1) == ' ') {
            length--;
        }
        message.setLength(length);
        if (length == 0) {
            return null;
        }
        // A value may hold other white space (a Parquet cell is not split at it): the line is stripped of it, as ever.
        if (Character.isWhitespace(message.charAt(0)) || Character.isWhitespace(message.charAt(length - 1))) {
            String stripped = message.toString().strip();
            return stripped.isEmpty() ? null : stripped;
        }
        return message.toString();
    }

    private static StringBuilder endpoint(StringBuilder message, @Nullable String address, @Nullable Integer port) {
        String shown = address == null ? "-" : address;
        if (port == null) {
            return message.append(shown);
        }
        return shown.indexOf(':') >= 0 ? message.append('[').append(shown).append("]:").append(port.intValue())
                : message.append(shown).append(':').append(port.intValue());
    }

    private static @Nullable String resource(Object[] row) {
        String interfaceId = string(row, VpcFlowField.INTERFACE_ID);
        String instanceId = string(row, VpcFlowField.INSTANCE_ID);
        if (interfaceId != null) {
            return instanceId != null ? interfaceId + "/" + instanceId : interfaceId;
        }
        if (instanceId != null) {
            return instanceId;
        }
        String attachment = string(row, VpcFlowField.TGW_ATTACHMENT_ID);
        if (attachment != null) {
            return attachment;
        }
        String transitGateway = string(row, VpcFlowField.TGW_ID);
        return transitGateway != null ? transitGateway : string(row, VpcFlowField.ECS_TASK_ARN);
    }

    private static String canonical(String[] values, VpcFlowLayout layout) {
        // A v5 record's names and values run to about 700 characters: sized once rather than grown three times.
        StringBuilder text = new StringBuilder(1024);
        for (int slot : layout.canonicalOrder()) {
            String value = values[slot];
            text.append(layout.canonicalName(slot)).append(value == null ? "-" : value).append(' ');
        }
        return text.toString();
    }

    private static int column(VpcFlowField field) {
        return COLUMNS[field.ordinal()];
    }

    private static final int[] COLUMNS = columns();

    private static int[] columns() {
        int[] columns = new int[VpcFlowField.values().length];
        for (VpcFlowField field : VpcFlowField.values()) {
            columns[field.ordinal()] = VpcFlowTables.VPCFLOW.indexOf(field.column());
        }
        return columns;
    }

    private static @Nullable String string(Object[] row, VpcFlowField field) {
        return Utf8Slice.text(row[column(field)]);
    }

    private static @Nullable Integer integer(Object[] row, VpcFlowField field) {
        return (Integer) row[column(field)];
    }

    private static String describe(VpcFlowLayout layout) {
        String names = layout.toString();
        return names.length() > 200 ? names.substring(0, 200) + "..." : names;
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
