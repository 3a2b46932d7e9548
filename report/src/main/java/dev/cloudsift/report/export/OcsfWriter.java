package dev.cloudsift.report.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.CaseTables;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;

/**
 * OCSF 1.1 events, one JSON object per line: API Activity (6003) for CloudTrail and S3 access logs, Network Activity
 * (4001) for VPC flow logs, HTTP Activity (4002) for WAF and ALB, and the Base Event (0) for the rest (host logs,
 * Config, metrics), each with cloud, actor, endpoints and status filled from the events row.
 */
public final class OcsfWriter {
    static final String VERSION = "1.1.0";

    private OcsfWriter() {}

    /** @return the number of events written */
    public static long write(Connection connection, Writer out, String productVersion) throws SQLException, IOException {
        long lines = 0;
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(EventRows.sql(connection))) {
            while (result.next()) {
                writeEvent(json, result, productVersion);
                json.flush();
                out.write('\n');
                lines++;
            }
        }
        json.flush();
        return lines;
    }

    private static void writeEvent(JsonGenerator json, ResultSet row, String productVersion) throws SQLException, IOException {
        String source = row.getString("source");
        String action = row.getString("action");
        String outcome = row.getString("outcome");
        int classUid = switch (source) {
            case "cloudtrail", "s3access" -> 6003;
            case "vpcflow" -> 4001;
            case "waf", "alb" -> 4002;
            default -> 0;
        };
        int activity = switch (classUid) {
            case 6003 -> apiActivity(action);
            case 4001 -> 6; // Traffic
            case 4002 -> httpActivity(source.equals("alb") ? action : row.getString("event_source"), action);
            default -> 0;
        };
        Instant time = CaseTables.instant(row, 1);
        json.writeStartObject();
        json.writeNumberField("class_uid", classUid);
        json.writeNumberField("category_uid", classUid / 1000);
        json.writeNumberField("activity_id", activity);
        json.writeNumberField("type_uid", classUid * 100L + activity);
        json.writeNumberField("severity_id", 1);
        if (time != null) {
            json.writeNumberField("time", time.toEpochMilli());
        }
        int status = "success".equals(outcome) ? 1 : "failure".equals(outcome) ? 2 : 0;
        json.writeNumberField("status_id", status);
        json.writeStringField("status", status == 1 ? "Success" : status == 2 ? "Failure" : "Unknown");
        string(json, "status_code", row.getString("error_code"));
        string(json, "message", row.getString("message"));
        json.writeObjectFieldStart("metadata");
        json.writeStringField("version", VERSION);
        string(json, "uid", row.getString("event_id"));
        json.writeStringField("log_name", source);
        json.writeObjectFieldStart("product");
        json.writeStringField("name", "Cloudsift");
        json.writeStringField("vendor_name", "Cloudsift");
        json.writeStringField("version", productVersion);
        json.writeEndObject();
        json.writeEndObject();
        json.writeObjectFieldStart("cloud");
        json.writeStringField("provider", "AWS");
        string(json, "region", row.getString("region"));
        if (row.getString("account_id") != null) {
            json.writeObjectFieldStart("account");
            json.writeStringField("uid", row.getString("account_id"));
            json.writeEndObject();
        }
        json.writeEndObject();
        if (row.getString("principal") != null || row.getString("access_key_id") != null) {
            json.writeObjectFieldStart("actor");
            json.writeObjectFieldStart("user");
            string(json, "uid", row.getString("principal"));
            string(json, "credential_uid", row.getString("access_key_id"));
            string(json, "type", row.getString("user_type"));
            json.writeEndObject();
            json.writeEndObject();
        }
        endpoint(json, "src_endpoint", row.getString("src_ip"), row.getObject("src_port"));
        endpoint(json, "dst_endpoint", row.getString("dst_ip"), row.getObject("dst_port"));
        if (classUid == 6003) {
            json.writeObjectFieldStart("api");
            string(json, "operation", action);
            json.writeObjectFieldStart("service");
            json.writeStringField("name", row.getString("event_source") != null ? row.getString("event_source") : "s3.amazonaws.com");
            json.writeEndObject();
            String parameters = row.getString("request_parameters");
            if (parameters != null && !parameters.equals("null")) {
                json.writeObjectFieldStart("request");
                json.writeFieldName("data");
                json.writeRawValue(parameters);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        if (classUid == 4002) {
            json.writeObjectFieldStart("http_request");
            string(json, "user_agent", row.getString("user_agent"));
            if (row.getString("resource") != null) {
                json.writeObjectFieldStart("url");
                json.writeStringField("text", row.getString("resource"));
                json.writeEndObject();
            }
            json.writeEndObject();
            string(json, "disposition", action);
        } else if (row.getString("user_agent") != null && classUid == 6003) {
            json.writeObjectFieldStart("http_request");
            json.writeStringField("user_agent", row.getString("user_agent"));
            json.writeEndObject();
        }
        if (classUid == 4001) {
            json.writeNumberField("action_id", "ACCEPT".equals(action) ? 1 : "REJECT".equals(action) ? 2 : 0);
            if (row.getObject("bytes") != null) {
                json.writeObjectFieldStart("traffic");
                json.writeNumberField("bytes", row.getLong("bytes"));
                json.writeEndObject();
            }
        }
        if (row.getString("resource") != null && classUid != 4002) {
            json.writeArrayFieldStart("resources");
            json.writeStartObject();
            json.writeStringField("uid", row.getString("resource"));
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** Create 1, Read 2, Update 3, Delete 4, Other 99 from the API name's verb. */
    static int apiActivity(String action) {
        String name = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (name.startsWith("rest.")) {
            name = name.substring(5);
        }
        if (name.startsWith("create") || name.startsWith("put") || name.startsWith("run") || name.startsWith("post")) {
            return 1;
        }
        if (name.startsWith("get") || name.startsWith("list") || name.startsWith("describe") || name.startsWith("head")) {
            return 2;
        }
        if (name.startsWith("update") || name.startsWith("modify") || name.startsWith("attach") || name.startsWith("set")) {
            return 3;
        }
        if (name.startsWith("delete") || name.startsWith("remove") || name.startsWith("detach")) {
            return 4;
        }
        return 99;
    }

    /** The HTTP method's activity id; WAF rows carry their verdict as action, so their method is unknown. */
    static int httpActivity(String method, String action) {
        String verb = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "CONNECT" -> 1;
            case "DELETE" -> 2;
            case "GET" -> 3;
            case "HEAD" -> 4;
            case "OPTIONS" -> 5;
            case "POST" -> 6;
            case "PUT" -> 7;
            case "TRACE" -> 8;
            default -> 99;
        };
    }

    private static void endpoint(JsonGenerator json, String field, String ip, Object port) throws IOException {
        if (ip == null && port == null) {
            return;
        }
        json.writeObjectFieldStart(field);
        string(json, "ip", ip);
        if (port instanceof Number number) {
            json.writeNumberField("port", number.intValue());
        }
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
