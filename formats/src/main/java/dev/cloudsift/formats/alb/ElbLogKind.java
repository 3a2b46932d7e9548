package dev.cloudsift.formats.alb;

import dev.cloudsift.core.Nullable;
import java.util.Set;

/** The three access log shapes, told apart by the first field, with the column each position fills. */
enum ElbLogKind {
    APPLICATION("application", 13, new String[] {
        "type", "time", "elb", ElbLogKind.CLIENT, ElbLogKind.TARGET, "request_processing_time", "target_processing_time",
        "response_processing_time", "elb_status_code", "target_status_code", "received_bytes", "sent_bytes", ElbLogKind.REQUEST,
        "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name", "chosen_cert_arn",
        "matched_rule_priority", "request_creation_time", "actions_executed", "redirect_url", "error_reason",
        "target_port_list", "target_status_code_list", "classification", "classification_reason", "conn_trace_id",
        "transformed_host", "transformed_uri", "request_transform_status"}),
    NETWORK("network", 12, new String[] {
        "type", "log_version", "time", "elb", "listener", ElbLogKind.CLIENT, ElbLogKind.TARGET, "connection_time", "tls_handshake_time",
        "received_bytes", "sent_bytes", "incoming_tls_alert", "chosen_cert_arn", "chosen_cert_serial", "ssl_cipher",
        "ssl_protocol", "tls_named_group", "domain_name", "alpn_fe_protocol", "alpn_be_protocol",
        "alpn_client_preference_list", "tls_connection_creation_time"}),
    CLASSIC("classic", 12, new String[] {
        "time", "elb", ElbLogKind.CLIENT, ElbLogKind.TARGET, "request_processing_time", "target_processing_time", "response_processing_time",
        "elb_status_code", "target_status_code", "received_bytes", "sent_bytes", ElbLogKind.REQUEST, "user_agent", "ssl_cipher",
        "ssl_protocol"});

    static final String CLIENT = "client:port";
    static final String TARGET = "target:port";
    static final String REQUEST = "request";

    private static final Set<String> APPLICATION_TYPES = Set.of("http", "https", "h2", "grpcs", "ws", "wss");

    private final String columnValue;
    private final int minimumFields;
    private final String[] columns;

    ElbLogKind(String columnValue, int minimumFields, String[] columns) {
        this.columnValue = columnValue;
        this.minimumFields = minimumFields;
        this.columns = columns;
    }

    /** The kind a line's first field announces, or null when it is no access log entry. */
    static @Nullable ElbLogKind of(String firstField) {
        if (APPLICATION_TYPES.contains(firstField)) {
            return APPLICATION;
        }
        if (firstField.equals("tls")) {
            return NETWORK;
        }
        if (firstField.length() >= 20 && Character.isDigit(firstField.charAt(0)) && firstField.charAt(10) == 'T'
                && firstField.endsWith("Z")) {
            return CLASSIC;
        }
        return null;
    }

    String columnValue() {
        return columnValue;
    }

    int minimumFields() {
        return minimumFields;
    }

    /** Documented fields; more are kept in {@code extra}. */
    String[] columns() {
        return columns;
    }
}
