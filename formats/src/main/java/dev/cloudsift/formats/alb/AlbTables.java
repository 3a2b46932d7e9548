package dev.cloudsift.formats.alb;

import static dev.cloudsift.core.ColumnType.BIGINT;
import static dev.cloudsift.core.ColumnType.DOUBLE;
import static dev.cloudsift.core.ColumnType.INTEGER;
import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code alb} table: Application, Network (TLS) and Classic Load Balancer access log entries. */
public final class AlbTables {
    public static final TableSchema ALB = new TableSchema("alb",
            "Elastic Load Balancing access log entries (Application, Network TLS listeners, Classic), every field typed",
            List.of(
                    Column.of("lb_kind", VARCHAR, "application, network or classic"),
                    Column.of("type", VARCHAR, "Request or connection type: http, https, h2, grpcs, ws, wss (ALB), tls (NLB)"),
                    Column.of("log_version", VARCHAR, "Log entry version (NLB)"),
                    Column.of("time", TIMESTAMP, "When the response was sent (ALB, Classic) or the connection closed (NLB)"),
                    Column.of("elb", VARCHAR, "Load balancer resource id (app/name/id, net/name/id) or Classic name"),
                    Column.of("listener", VARCHAR, "Listener resource id (NLB)"),
                    Column.of("client_ip", VARCHAR, "Client (or proxy) address"),
                    Column.of("client_port", INTEGER, "Client port"),
                    Column.of("target_ip", VARCHAR, "Target, backend or destination address; null when no target was reached"),
                    Column.of("target_port", INTEGER, "Target port"),
                    Column.of("request_processing_time", DOUBLE, "Seconds; -1 when no target was chosen"),
                    Column.of("target_processing_time", DOUBLE, "Seconds (backend_processing_time for Classic); -1 when no target answered"),
                    Column.of("response_processing_time", DOUBLE, "Seconds; -1 when no target answered"),
                    Column.of("connection_time", BIGINT, "Milliseconds from connection open to close (NLB)"),
                    Column.of("tls_handshake_time", BIGINT, "Milliseconds of TLS handshake (NLB)"),
                    Column.of("elb_status_code", INTEGER, "Status code the load balancer answered"),
                    Column.of("target_status_code", INTEGER, "Status code the target answered"),
                    Column.of("received_bytes", BIGINT, "Bytes received from the client"),
                    Column.of("sent_bytes", BIGINT, "Bytes sent to the client"),
                    Column.of("request", VARCHAR, "Request line as logged: method URL protocol"),
                    Column.of("request_method", VARCHAR, "Method of the request line"),
                    Column.of("request_url", VARCHAR, "URL of the request line"),
                    Column.of("request_protocol", VARCHAR, "HTTP version of the request line"),
                    Column.of("user_agent", VARCHAR, "User-Agent header"),
                    Column.of("ssl_cipher", VARCHAR, "TLS cipher (tls_cipher for NLB)"),
                    Column.of("ssl_protocol", VARCHAR, "TLS protocol (tls_protocol_version for NLB)"),
                    Column.of("target_group_arn", VARCHAR, "Target group"),
                    Column.of("trace_id", VARCHAR, "X-Amzn-Trace-Id"),
                    Column.of("domain_name", VARCHAR, "SNI domain the client offered"),
                    Column.of("chosen_cert_arn", VARCHAR, "Certificate presented to the client"),
                    Column.of("matched_rule_priority", INTEGER, "Priority of the listener rule that matched (0 = default)"),
                    Column.of("request_creation_time", TIMESTAMP, "When the request arrived"),
                    Column.of("actions_executed", VARCHAR, "Actions taken (waf, forward, redirect, authenticate...)"),
                    Column.of("redirect_url", VARCHAR, "Redirect target"),
                    Column.of("error_reason", VARCHAR, "Error reason code"),
                    Column.of("target_port_list", VARCHAR, "Targets tried, space-separated ip:port"),
                    Column.of("target_status_code_list", VARCHAR, "Status codes of the targets tried"),
                    Column.of("classification", VARCHAR, "Desync mitigation classification"),
                    Column.of("classification_reason", VARCHAR, "Desync mitigation reason code"),
                    Column.of("conn_trace_id", VARCHAR, "Connection traceability id"),
                    Column.of("transformed_host", VARCHAR, "Host header after a transform"),
                    Column.of("transformed_uri", VARCHAR, "URI after a transform"),
                    Column.of("request_transform_status", VARCHAR, "Status of the request transform"),
                    Column.of("incoming_tls_alert", VARCHAR, "TLS alert received from the client (NLB)"),
                    Column.of("chosen_cert_serial", VARCHAR, "Serial of the certificate presented (NLB)"),
                    Column.of("tls_named_group", VARCHAR, "TLS named group (NLB)"),
                    Column.of("alpn_fe_protocol", VARCHAR, "ALPN protocol with the client (NLB)"),
                    Column.of("alpn_be_protocol", VARCHAR, "ALPN protocol with the target (NLB)"),
                    Column.of("alpn_client_preference_list", VARCHAR, "ALPN list the client offered (NLB)"),
                    Column.of("tls_connection_creation_time", TIMESTAMP, "When the TLS connection opened (NLB)"),
                    Column.of("extra", JSON, "Fields after the last documented one, as a JSON array (fields AWS appends later)"),
                    Column.of("path_account_id", VARCHAR, "Account named by the file's S3 path"),
                    Column.of("path_region", VARCHAR, "Region named by the file's S3 path"),
                    Column.of("message", VARCHAR, "One readable line: status, request, actions, client and load balancer")),
            EventsProjection.builder("alb")
                    .set("event_time", "time")
                    .set("account_id", "path_account_id")
                    .set("region", "path_region")
                    .set("action", "CASE WHEN lb_kind = 'network' THEN type ELSE request_method END")
                    .set("outcome", "CASE WHEN elb_status_code IS NOT NULL THEN"
                            + " CASE WHEN elb_status_code < 400 THEN 'success' ELSE 'failure' END"
                            + " WHEN lb_kind = 'network' AND incoming_tls_alert IS NOT NULL THEN 'failure'"
                            + " ELSE 'unknown' END")
                    .set("error_code", "CASE WHEN elb_status_code >= 400 THEN CAST(elb_status_code AS STRING) END")
                    .set("src_ip", "client_ip")
                    .set("src_port", "client_port")
                    .set("dst_ip", "target_ip")
                    .set("dst_port", "target_port")
                    .set("user_agent", "user_agent")
                    .set("resource", "COALESCE(request_url, domain_name,"
                            + " CASE WHEN lb_kind = 'network' THEN listener END, elb)")
                    .set("bytes", "sent_bytes")
                    .set("event_id", "trace_id")
                    .set("message", "message")
                    .build());

    private AlbTables() {}
}
