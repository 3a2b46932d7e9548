package dev.cloudsift.formats.alb;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.ColumnType;
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
import dev.cloudsift.core.TableSchema;
import dev.cloudsift.core.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Maps one access log line of any load balancer kind onto an {@code alb} row and its {@code events} row. */
final class ElbAccessRecords {
    static final String SOURCE = "alb";
    /** Fields beyond this are not a load balancer line (the current ALB format has 33). */
    static final int MAX_FIELDS = 128;

    private static final TableSchema TABLE = AlbTables.ALB;
    private static final int LB_KIND = TABLE.indexOf("lb_kind");
    private static final int CLIENT_IP = TABLE.indexOf("client_ip");
    private static final int CLIENT_PORT = TABLE.indexOf("client_port");
    private static final int TARGET_IP = TABLE.indexOf("target_ip");
    private static final int TARGET_PORT = TABLE.indexOf("target_port");
    private static final int REQUEST = TABLE.indexOf("request");
    private static final int METHOD = TABLE.indexOf("request_method");
    private static final int URL = TABLE.indexOf("request_url");
    private static final int PROTOCOL = TABLE.indexOf("request_protocol");
    private static final int TIME = TABLE.indexOf("time");
    private static final int TYPE = TABLE.indexOf("type");
    private static final int ELB = TABLE.indexOf("elb");
    private static final int ELB_STATUS = TABLE.indexOf("elb_status_code");
    private static final int SENT = TABLE.indexOf("sent_bytes");
    private static final int USER_AGENT = TABLE.indexOf("user_agent");
    private static final int TRACE_ID = TABLE.indexOf("trace_id");
    private static final int DOMAIN = TABLE.indexOf("domain_name");
    private static final int TLS_ALERT = TABLE.indexOf("incoming_tls_alert");
    private static final int LISTENER = TABLE.indexOf("listener");
    private static final int ACTIONS = TABLE.indexOf("actions_executed");
    private static final int EXTRA = TABLE.indexOf("extra");
    private static final int PATH_ACCOUNT_ID = TABLE.indexOf("path_account_id");
    private static final int PATH_REGION = TABLE.indexOf("path_region");
    private static final int MESSAGE = TABLE.indexOf("message");

    private ElbAccessRecords() {}

    static ReadItem map(String line, Position position, PathHints hints) {
        List<String> fields;
        try {
            fields = ElbLineTokenizer.split(line, MAX_FIELDS);
        } catch (ElbLineTokenizer.TokenizeException e) {
            return ParseProblem.of(position, "unreadable load balancer log line: " + e.getMessage(), line);
        }
        if (fields.isEmpty()) {
            return ParseProblem.of(position, "empty load balancer log line", line);
        }
        ElbLogKind kind = ElbLogKind.of(fields.get(0));
        if (kind == null) {
            return ParseProblem.of(position, "not a load balancer access log entry: expected a type (http, https, h2,"
                    + " grpcs, ws, wss, tls) or an ISO time first, found '" + shorten(fields.get(0)) + "'", line);
        }
        if (fields.size() < kind.minimumFields()) {
            return ParseProblem.of(position, "expected at least " + kind.minimumFields() + " fields in an entry of"
                    + " an " + kind.columnValue() + " load balancer, found " + fields.size(), line);
        }
        Object[] row = TABLE.newRow();
        row[LB_KIND] = kind.columnValue();
        String[] columns = kind.columns();
        for (int i = 0; i < columns.length && i < fields.size(); i++) {
            String value = ElbLineTokenizer.value(fields, i);
            if (value == null) {
                continue;
            }
            String problem = fill(row, columns[i], value);
            if (problem != null) {
                return ParseProblem.of(position, problem, line);
            }
        }
        if (fields.size() > columns.length) {
            row[EXTRA] = extra(fields.subList(columns.length, fields.size()));
        }
        return LogRecord.of(event(kind, row, hints), new TableRow(SOURCE, row), RecordKeys.hashed(SOURCE, line), position);
    }

    /** Stores one field; returns what is wrong with it, or null. */
    private static @Nullable String fill(Object[] row, String column, String value) {
        switch (column) {
            case ElbLogKind.CLIENT -> {
                return endpoint(row, CLIENT_IP, CLIENT_PORT, value, "client:port");
            }
            case ElbLogKind.TARGET -> {
                return endpoint(row, TARGET_IP, TARGET_PORT, value, "target:port");
            }
            case ElbLogKind.REQUEST -> {
                row[REQUEST] = value;
                // "METHOD URL PROTOCOL"; the load balancer escapes spaces inside URLs, and writes "- - - " when
                // there was no HTTP request (Classic TCP listeners, malformed requests).
                String[] parts = value.strip().split(" ");
                if (parts.length == 3) {
                    row[METHOD] = dashIsNull(parts[0]);
                    row[URL] = dashIsNull(parts[1]);
                    row[PROTOCOL] = dashIsNull(parts[2]);
                }
                return null;
            }
            default -> {
                int index = TABLE.indexOf(column);
                ColumnType type = TABLE.columns().get(index).type();
                Object typed = convert(type, value);
                if (typed == null) {
                    return "field '" + column + "': expected " + expectation(type) + " or '-', found '" + shorten(value) + "'";
                }
                row[index] = typed;
                return null;
            }
        }
    }

    private static @Nullable Object convert(ColumnType type, String value) {
        try {
            return switch (type) {
                case TIMESTAMP -> Timestamps.parseFlexible(value);
                case DOUBLE -> Double.parseDouble(value);
                case INTEGER -> Integer.parseInt(value);
                case BIGINT -> Long.parseLong(value);
                default -> value;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static String expectation(ColumnType type) {
        return switch (type) {
            case TIMESTAMP -> "an ISO-8601 time";
            case DOUBLE -> "seconds as a decimal number";
            case INTEGER, BIGINT -> "a whole number";
            default -> "a value";
        };
    }

    /** Splits {@code ip:port}, {@code [v6]:port} or a bare IPv6 with port after its last colon. */
    private static @Nullable String endpoint(Object[] row, int ipColumn, int portColumn, String value, String name) {
        String address;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                return "field '" + name + "': expected [address]:port, found '" + shorten(value) + "'";
            }
            address = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                return "field '" + name + "': expected address:port, found '" + shorten(value) + "'";
            }
            address = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        Integer number = null;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = null;
        }
        if (!IpAddresses.isIpAddress(address) || number == null || number < 0 || number > 65535) {
            return "field '" + name + "': expected an IP address and a port 0-65535, found '" + shorten(value) + "'";
        }
        row[ipColumn] = address;
        row[portColumn] = number;
        return null;
    }

    private static Event event(ElbLogKind kind, Object[] row, PathHints hints) {
        Integer status = (Integer) row[ELB_STATUS];
        Outcome outcome = Outcome.UNKNOWN;
        if (status != null) {
            outcome = status < 400 ? Outcome.SUCCESS : Outcome.FAILURE;
        } else if (kind == ElbLogKind.NETWORK && row[TLS_ALERT] != null) {
            outcome = Outcome.FAILURE;
        }
        String method = (String) row[METHOD];
        String url = (String) row[URL];
        String action = kind == ElbLogKind.NETWORK ? (String) row[TYPE] : method;
        String resource = url != null ? url : row[DOMAIN] != null ? (String) row[DOMAIN]
                : kind == ElbLogKind.NETWORK && row[LISTENER] != null ? (String) row[LISTENER] : (String) row[ELB];
        String clientIp = (String) row[CLIENT_IP];

        StringBuilder message = new StringBuilder(160);
        if (status != null) {
            message.append(status).append(' ');
        }
        if (kind == ElbLogKind.NETWORK) {
            message.append("TLS connection");
            if (row[DOMAIN] != null) {
                message.append(" for ").append(row[DOMAIN]);
            }
            if (row[TLS_ALERT] != null) {
                message.append(" (client alert ").append(row[TLS_ALERT]).append(')');
            }
        } else if (method != null || url != null) {
            message.append(method == null ? "-" : method).append(' ').append(url == null ? "-" : url);
        } else {
            message.append("connection");
        }
        if (row[ACTIONS] != null) {
            message.append(" [").append(row[ACTIONS]).append(']');
        }
        if (clientIp != null) {
            message.append(" from ").append(clientIp);
        }
        if (row[ELB] != null) {
            message.append(" via ").append(row[ELB]);
        }

        row[PATH_ACCOUNT_ID] = hints.accountId();
        row[PATH_REGION] = hints.region();
        row[MESSAGE] = message.toString();
        return Event.builder(SOURCE)
                .eventTime((Instant) row[TIME])
                .accountId(hints.accountId())
                .region(hints.region())
                .action(action)
                .outcome(outcome)
                .errorCode(status != null && status >= 400 ? status.toString() : null)
                .srcIp(clientIp)
                .srcPort((Integer) row[CLIENT_PORT])
                .dstIp((String) row[TARGET_IP])
                .dstPort((Integer) row[TARGET_PORT])
                .userAgent((String) row[USER_AGENT])
                .resource(resource)
                .bytes((Long) row[SENT])
                .eventId((String) row[TRACE_ID])
                .message(message.toString())
                .build();
    }

    private static String extra(List<String> fields) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
            json.writeStartArray();
            for (String field : fields) {
                json.writeString(field);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return text.toString();
    }

    private static @Nullable String dashIsNull(String value) {
        return value.isEmpty() || value.equals("-") ? null : value;
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
