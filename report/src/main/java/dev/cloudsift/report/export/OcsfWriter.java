package dev.cloudsift.report.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.CaseTables;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OCSF 1.1 events, one JSON object per line: API Activity (6003) for CloudTrail and S3 access logs, Network Activity
 * (4001) for VPC flow logs, HTTP Activity (4002) for WAF and ALB, the Base Event (0) for the rest (host logs, Config,
 * metrics), and a Detection Finding (2004) per hunt finding, pointing at the events it matched.
 *
 * <p>{@code metadata.product} names the AWS service that logged the event; Cloudsift, which read and converted it,
 * is the one logger in {@code metadata.loggers}. Severity ({@code severity_id}): a finding's is its rule level
 * (informational 1, low 2, medium 3, high 4, critical 5); an event is Informational (1), Low (2) when it failed or
 * was denied, and never below the level of the highest finding that matched it. Rows without a time are left out:
 * OCSF requires one.
 */
public final class OcsfWriter {
    static final String VERSION = "1.1.0";
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Set<String> HTTP_METHODS = Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE");

    private OcsfWriter() {}

    /** Every event and finding. @return the number of lines written */
    public static long write(Connection connection, Writer out, String productVersion) throws SQLException, IOException {
        return write(connection, out, productVersion, ExportFilter.ALL, null);
    }

    /**
     * @param originals where to read each event's original record for {@code raw_data}; null leaves it out
     * @return the number of lines written
     */
    public static long write(Connection connection, Writer out, String productVersion, ExportFilter filter,
            @Nullable OriginalRecords originals) throws SQLException, IOException {
        CaseFindings findings = CaseFindings.load(connection);
        Map<Long, ExportFinding> exported = new LinkedHashMap<>();
        Map<Long, String[]> relatedEvents = new HashMap<>();
        long lines = 0;
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.setRootValueSeparator(null);
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(EventRows.detailedSql(connection, filter, originals != null))) {
            while (result.next()) {
                Instant time = CaseTables.instant(result, 1);
                if (time == null) {
                    continue;
                }
                long rowId = result.getLong("row_id");
                List<ExportFinding> matched = findings.matching(rowId);
                Written written = writeEvent(json, result, time, rowId, matched, productVersion, originals);
                for (ExportFinding finding : matched) {
                    exported.putIfAbsent(finding.findingId(), finding);
                    relatedEvents.put(rowId, new String[] {written.uid(), Long.toString(written.typeUid())});
                }
                json.flush();
                out.write('\n');
                lines++;
            }
        }
        if (filter.equals(ExportFilter.ALL)) {
            for (ExportFinding finding : findings.all()) {
                exported.putIfAbsent(finding.findingId(), finding);
            }
        }
        for (ExportFinding finding : exported.values()) {
            if (finding.time() == null) {
                continue;
            }
            writeFinding(json, finding, relatedEvents, productVersion);
            json.flush();
            out.write('\n');
            lines++;
        }
        json.flush();
        return lines;
    }

    private record Written(String uid, long typeUid) {}

    private static Written writeEvent(JsonGenerator json, ResultSet row, Instant time, long rowId,
            List<ExportFinding> matched, String productVersion, @Nullable OriginalRecords originals)
            throws SQLException, IOException {
        String source = row.getString("source");
        String action = row.getString("action");
        String outcome = row.getString("outcome");
        String method = httpMethod(source, row.getString("http_method"), action);
        int classUid = switch (source) {
            case "cloudtrail", "s3access" -> 6003;
            case "vpcflow" -> 4001;
            case "waf", "alb" -> 4002;
            default -> 0;
        };
        int activity = switch (classUid) {
            case 6003 -> apiActivity(action);
            // a record with no accept/reject verdict (NODATA, SKIPDATA) says no traffic was logged: Other, not Traffic
            case 4001 -> "ACCEPT".equals(action) || "REJECT".equals(action) ? 6 : 99;
            case 4002 -> httpActivity(method);
            default -> 0;
        };
        int status = "success".equals(outcome) ? 1 : "failure".equals(outcome) ? 2 : 0;
        String uid = row.getString("event_id") != null ? row.getString("event_id") : "row-" + rowId;
        long typeUid = classUid * 100L + activity;
        boolean securityControl = classUid == 4001 || "waf".equals(source);
        json.writeStartObject();
        json.writeNumberField("class_uid", classUid);
        json.writeNumberField("category_uid", classUid / 1000);
        json.writeNumberField("activity_id", activity);
        json.writeNumberField("type_uid", typeUid);
        json.writeNumberField("severity_id", eventSeverity(status, action, matched));
        json.writeNumberField("time", time.toEpochMilli());
        json.writeNumberField("status_id", status);
        json.writeStringField("status", status == 1 ? "Success" : status == 2 ? "Failure" : "Unknown");
        string(json, "status_code", row.getString("error_code"));
        string(json, "message", row.getString("message"));
        metadata(json, uid, source, productName(source), "AWS", productVersion,
                securityControl ? List.of("cloud", "security_control") : List.of("cloud"));
        cloud(json, row.getString("region"), row.getString("account_id"));
        if (classUid != 0) {
            actor(json, classUid, source, row);
        }
        String srcIp = row.getString("src_ip");
        String srcService = row.getString("source_host") != null ? row.getString("source_host") : row.getString("invoked_by");
        String resource = row.getString("resource");
        String eni = resource != null && resource.startsWith("eni-") ? resource : null;
        String host = classUid == 4002 ? Url.of(resource).hostname() : null;
        if (classUid != 0) {
            endpoint(json, "src_endpoint", srcIp, row.getObject("src_port"), srcService, eni, null, Place.of(row, "src"));
            endpoint(json, "dst_endpoint", row.getString("dst_ip"), row.getObject("dst_port"), null, eni, host, Place.of(row, "dst"));
        }
        if (classUid == 6003) {
            json.writeObjectFieldStart("api");
            json.writeStringField("operation", action == null ? "unknown" : action);
            json.writeObjectFieldStart("service");
            json.writeStringField("name", row.getString("event_source") != null ? row.getString("event_source") : "s3.amazonaws.com");
            json.writeEndObject();
            String parameters = row.getString("request_parameters");
            boolean hasParameters = parameters != null && !parameters.equals("null");
            if (row.getString("request_id") != null) {
                json.writeObjectFieldStart("request");
                json.writeStringField("uid", row.getString("request_id"));
                if (hasParameters) {
                    json.writeFieldName("data");
                    json.writeRawValue(parameters);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            if (row.getString("user_agent") != null) {
                json.writeObjectFieldStart("http_request");
                json.writeStringField("user_agent", row.getString("user_agent"));
                json.writeEndObject();
            }
        }
        if (classUid == 4002) {
            httpRequest(json, method, row.getString("user_agent"), resource);
            httpResponse(json, source, action, row.getObject("http_status"));
        }
        if (securityControl) {
            int actionId = switch (action == null ? "" : action) {
                case "ACCEPT", "ALLOW" -> 1;
                case "REJECT", "BLOCK" -> 2;
                case "", "NODATA", "SKIPDATA" -> 0;
                default -> 99;
            };
            json.writeNumberField("action_id", actionId);
            json.writeStringField("action", switch (actionId) {
                case 1 -> "Allowed";
                case 2 -> "Denied";
                case 99 -> "Other";
                default -> "Unknown";
            });
            if ("waf".equals(source)) {
                string(json, "disposition", action);
                json.writeNumberField("disposition_id", wafDisposition(action));
            }
        }
        if (classUid == 4001 && row.getObject("bytes") != null) {
            json.writeObjectFieldStart("traffic");
            json.writeNumberField("bytes", row.getLong("bytes"));
            json.writeEndObject();
        }
        if (resource != null && classUid == 6003) {
            json.writeArrayFieldStart("resources");
            json.writeStartObject();
            json.writeStringField("uid", resource);
            json.writeEndObject();
            json.writeEndArray();
        }
        boolean unmappedParameters = classUid == 6003 && row.getString("request_id") == null
                && row.getString("request_parameters") != null && !row.getString("request_parameters").equals("null");
        // only API Activity has resources; the Base Event has no actor or endpoints either
        boolean unmappedResource = classUid != 6003 && resource != null;
        boolean unmappedParties = classUid == 0 && (row.getString("principal") != null || srcIp != null || row.getString("dst_ip") != null);
        OriginalRecords.Original original = originals != null ? originals.read(row) : null;
        if (original != null && original.text() != null) {
            json.writeStringField("raw_data", original.text());
        }
        if (unmappedParameters || unmappedResource || unmappedParties || (original != null && original.missing() != null)) {
            // OCSF's place for what it has no attribute for
            json.writeObjectFieldStart("unmapped");
            if (unmappedParties) {
                string(json, "principal", row.getString("principal"));
                string(json, "src_ip", srcIp);
                string(json, "dst_ip", row.getString("dst_ip"));
            }
            if (unmappedResource) {
                json.writeStringField("resource", resource);
            }
            if (unmappedParameters) {
                json.writeFieldName("request_parameters");
                json.writeRawValue(row.getString("request_parameters"));
            }
            if (original != null && original.missing() != null) {
                json.writeStringField("raw_data_missing", original.missing());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        return new Written(uid, typeUid);
    }

    private static void writeFinding(JsonGenerator json, ExportFinding finding, Map<Long, String[]> relatedEvents,
            String productVersion) throws IOException {
        json.writeStartObject();
        json.writeNumberField("class_uid", 2004);
        json.writeNumberField("category_uid", 2);
        json.writeNumberField("activity_id", 1); // Create
        json.writeNumberField("type_uid", 200401);
        int severity = ExportFinding.severityId(finding.level());
        json.writeNumberField("severity_id", severity);
        json.writeNumberField("time", finding.time().toEpochMilli());
        json.writeNumberField("status_id", 1); // New
        string(json, "message", finding.summary() == null || finding.summary().isBlank() ? finding.title() : finding.summary());
        metadata(json, "finding-" + finding.findingId(), "findings", "Cloudsift", "Cloudsift", productVersion, List.of("cloud"));
        cloud(json, finding.region(), finding.accountId());
        json.writeObjectFieldStart("finding_info");
        json.writeStringField("uid", "finding-" + finding.findingId());
        json.writeStringField("title", finding.title());
        json.writeArrayFieldStart("types");
        json.writeString(finding.kind() == null ? "Sigma rule match" : "Sigma " + finding.kind());
        json.writeEndArray();
        json.writeObjectFieldStart("analytic");
        json.writeStringField("uid", finding.ruleId());
        json.writeStringField("name", finding.title());
        json.writeNumberField("type_id", 1);
        json.writeStringField("type", "Rule");
        json.writeEndObject();
        if (finding.firstTime() != null) {
            json.writeNumberField("first_seen_time", finding.firstTime().toEpochMilli());
        }
        json.writeNumberField("last_seen_time", finding.time().toEpochMilli());
        attacks(json, finding.tags());
        if (!finding.rowIds().isEmpty()) {
            json.writeArrayFieldStart("related_events");
            for (Long rowId : finding.rowIds()) {
                String[] event = relatedEvents.get(rowId);
                json.writeStartObject();
                json.writeStringField("uid", event == null ? "row-" + rowId : event[0]);
                if (event != null) {
                    json.writeNumberField("type_uid", Long.parseLong(event[1]));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        if (finding.principal() != null || finding.srcIp() != null) {
            json.writeArrayFieldStart("evidences");
            json.writeStartObject();
            if (finding.principal() != null) {
                json.writeObjectFieldStart("actor");
                json.writeObjectFieldStart("user");
                json.writeStringField("uid", finding.principal());
                json.writeEndObject();
                json.writeEndObject();
            }
            if (finding.srcIp() != null) {
                endpoint(json, "src_endpoint", finding.srcIp(), null, null, null, null);
            }
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** One attack per technique (with the rule's tactics), or one per tactic when the rule names no technique. */
    private static void attacks(JsonGenerator json, List<String> tags) throws IOException {
        List<String> techniques = AttackTags.techniques(tags);
        Map<String, String> tactics = AttackTags.tactics(tags);
        if (techniques.isEmpty() && tactics.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("attacks");
        if (techniques.isEmpty()) {
            for (Map.Entry<String, String> tactic : tactics.entrySet()) {
                json.writeStartObject();
                tactic(json, "tactic", tactic);
                json.writeEndObject();
            }
        }
        for (String technique : techniques) {
            json.writeStartObject();
            int dot = technique.indexOf('.');
            json.writeObjectFieldStart("technique");
            json.writeStringField("uid", dot < 0 ? technique : technique.substring(0, dot));
            json.writeEndObject();
            if (dot > 0) {
                json.writeObjectFieldStart("sub_technique");
                json.writeStringField("uid", technique);
                json.writeEndObject();
            }
            if (!tactics.isEmpty()) {
                json.writeArrayFieldStart("tactics");
                for (Map.Entry<String, String> tactic : tactics.entrySet()) {
                    json.writeStartObject();
                    tactic(json, null, tactic);
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void tactic(JsonGenerator json, @Nullable String field, Map.Entry<String, String> tactic) throws IOException {
        if (field != null) {
            json.writeObjectFieldStart(field);
        }
        json.writeStringField("uid", tactic.getKey());
        string(json, "name", tactic.getValue());
        if (field != null) {
            json.writeEndObject();
        }
    }

    private static void metadata(JsonGenerator json, String uid, String logName, String product, String vendor,
            String productVersion, List<String> profiles) throws IOException {
        json.writeObjectFieldStart("metadata");
        json.writeStringField("version", VERSION);
        json.writeStringField("uid", uid);
        json.writeStringField("log_name", logName);
        json.writeObjectFieldStart("product");
        json.writeStringField("name", product);
        json.writeStringField("vendor_name", vendor);
        if (product.equals("Cloudsift")) {
            json.writeStringField("version", productVersion);
        }
        json.writeEndObject();
        json.writeArrayFieldStart("profiles");
        for (String profile : profiles) {
            json.writeString(profile);
        }
        json.writeEndArray();
        if (!product.equals("Cloudsift")) {
            // the tool that read the AWS log and wrote this event
            json.writeArrayFieldStart("loggers");
            json.writeStartObject();
            json.writeStringField("name", "Cloudsift");
            json.writeObjectFieldStart("product");
            json.writeStringField("name", "Cloudsift");
            json.writeStringField("vendor_name", "Cloudsift");
            json.writeStringField("version", productVersion);
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void cloud(JsonGenerator json, @Nullable String region, @Nullable String account) throws IOException {
        json.writeObjectFieldStart("cloud");
        json.writeStringField("provider", "AWS");
        string(json, "region", region);
        if (account != null) {
            json.writeObjectFieldStart("account");
            json.writeStringField("uid", account);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /**
     * API Activity requires an actor: the principal, the service that made the call on the caller's behalf, or for
     * an S3 request without a requester, the anonymous user.
     */
    private static void actor(JsonGenerator json, int classUid, String source, ResultSet row) throws SQLException, IOException {
        String principal = row.getString("principal");
        String key = row.getString("access_key_id");
        String invokedBy = row.getString("invoked_by");
        if (principal == null && key == null && invokedBy == null && classUid != 6003) {
            return;
        }
        json.writeObjectFieldStart("actor");
        if (principal != null || key != null || invokedBy == null) {
            json.writeObjectFieldStart("user");
            if (principal == null && key == null) {
                json.writeStringField("name", "anonymous");
                json.writeNumberField("type_id", 0);
                json.writeStringField("type", source.equals("s3access") ? "Anonymous" : "Unknown");
            } else {
                string(json, "uid", principal);
                string(json, "credential_uid", key);
                string(json, "type", row.getString("user_type"));
            }
            json.writeEndObject();
        }
        string(json, "invoked_by", invokedBy);
        json.writeEndObject();
    }

    /** HTTP method: the source table's, or an ALB row's action, which is its method when the table is absent. */
    private static @Nullable String httpMethod(String source, @Nullable String method, @Nullable String action) {
        if (method != null) {
            return method.toUpperCase(Locale.ROOT);
        }
        return "alb".equals(source) && action != null ? action.toUpperCase(Locale.ROOT) : null;
    }

    private static void httpRequest(JsonGenerator json, @Nullable String method, @Nullable String userAgent,
            @Nullable String resource) throws IOException {
        json.writeObjectFieldStart("http_request");
        if (method != null && HTTP_METHODS.contains(method)) {
            json.writeStringField("http_method", method);
        }
        string(json, "user_agent", userAgent);
        if (resource != null) {
            Url url = Url.of(resource);
            json.writeObjectFieldStart("url");
            string(json, "hostname", url.hostname());
            json.writeStringField("path", url.path());
            string(json, "query_string", url.query());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /**
     * HTTP Activity requires the response code. ALB logs the code it answered; WAF logs one only when it sent the
     * response itself (a custom response), otherwise a block answers 403 and an allowed request's answer came from
     * the origin, unknown to WAF: code 0 and a message saying so.
     */
    private static void httpResponse(JsonGenerator json, String source, @Nullable String action, @Nullable Object status)
            throws IOException {
        json.writeObjectFieldStart("http_response");
        if (status instanceof Number number) {
            json.writeNumberField("code", number.intValue());
        } else if ("waf".equals(source) && "BLOCK".equals(action)) {
            json.writeNumberField("code", 403);
        } else {
            json.writeNumberField("code", 0);
            json.writeStringField("message", "waf".equals(source) ? "response not logged by WAF" : "response not logged");
        }
        json.writeEndObject();
    }

    private static int wafDisposition(@Nullable String action) {
        return switch (action == null ? "" : action) {
            case "ALLOW" -> 1;
            case "BLOCK" -> 2;
            case "COUNT" -> 20;
            case "CAPTCHA" -> 22;
            case "CHALLENGE" -> 23;
            case "" -> 0;
            default -> 99;
        };
    }

    /** Informational, Low for a failure or denial, raised to the highest level of the findings that matched. */
    static int eventSeverity(int status, @Nullable String action, List<ExportFinding> matched) {
        int severity = status == 2 || "REJECT".equals(action) || "BLOCK".equals(action) ? 2 : 1;
        for (ExportFinding finding : matched) {
            severity = Math.max(severity, ExportFinding.severityId(finding.level()));
        }
        return severity;
    }

    /** The AWS service that wrote the log, as AWS names it. */
    static String productName(String source) {
        return switch (source) {
            case "cloudtrail" -> "AWS CloudTrail";
            case "s3access" -> "Amazon S3";
            case "vpcflow" -> "Amazon VPC";
            case "waf" -> "AWS WAF";
            case "alb" -> "Elastic Load Balancing";
            case "cloudwatch" -> "Amazon CloudWatch Logs";
            case "metrics" -> "Amazon CloudWatch";
            case "config" -> "AWS Config";
            default -> "AWS " + source;
        };
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

    /** HTTP Activity's id of a method: Unknown 0 when not logged, Other 99 for a method OCSF does not list. */
    static int httpActivity(@Nullable String method) {
        if (method == null || method.isEmpty()) {
            return 0;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
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

    /**
     * A network endpoint needs an IP, a name or an interface: the IP when the log has one, else the service host
     * name CloudTrail logs in its place ({@code ec2.amazonaws.com}), else the flow log's interface (NODATA records
     * carry no address), else the web host.
     */
    /**
     * What the case's geoip table says about an endpoint's address, for OCSF 1.1's {@code location}: ISO country
     * code, city, and the AS organisation as {@code isp} (1.1 has no autonomous_system object, so the AS number
     * stays in the CSV/JSONL exports and the case).
     */
    private record Place(@Nullable String country, @Nullable String city, @Nullable String isp) {
        static @Nullable Place of(ResultSet row, String prefix) throws SQLException {
            if (!hasColumn(row, prefix + "_country")) {
                return null;
            }
            Place place = new Place(row.getString(prefix + "_country"), row.getString(prefix + "_city"),
                    row.getString(prefix + "_as_org"));
            // OCSF's location needs a city or a country (among others); an AS alone has no place there
            return place.country() == null && place.city() == null ? null : place;
        }

        private static boolean hasColumn(ResultSet row, String name) throws SQLException {
            java.sql.ResultSetMetaData meta = row.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (meta.getColumnLabel(i).equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void endpoint(JsonGenerator json, String field, @Nullable String ip, @Nullable Object port,
            @Nullable String service, @Nullable String interfaceUid, @Nullable String hostname) throws IOException {
        endpoint(json, field, ip, port, service, interfaceUid, hostname, null);
    }

    private static void endpoint(JsonGenerator json, String field, @Nullable String ip, @Nullable Object port,
            @Nullable String service, @Nullable String interfaceUid, @Nullable String hostname, @Nullable Place place)
            throws IOException {
        boolean isIp = ip != null && IP.matcher(ip).matches();
        if (!isIp && ip != null && service == null) {
            service = ip;
        }
        if (!isIp && service == null && interfaceUid == null && hostname == null) {
            return;
        }
        json.writeObjectFieldStart(field);
        if (isIp) {
            json.writeStringField("ip", ip);
        } else if (service != null) {
            json.writeStringField("svc_name", service);
        }
        if (port instanceof Number number && number.intValue() >= 0 && number.intValue() <= 65535) {
            json.writeNumberField("port", number.intValue());
        }
        if (!isIp && service == null) {
            string(json, "interface_uid", interfaceUid);
            string(json, "hostname", interfaceUid == null ? hostname : null);
        }
        if (isIp && place != null) {
            json.writeObjectFieldStart("location");
            string(json, "country", place.country());
            string(json, "city", place.city());
            string(json, "isp", place.isp());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String field, @Nullable String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /** A logged request target ({@code host/path?query} or a full URL) split as OCSF's url object wants it. */
    private record Url(@Nullable String hostname, String path, @Nullable String query) {
        static Url of(@Nullable String resource) {
            if (resource == null || resource.isEmpty()) {
                return new Url(null, "/", null);
            }
            String rest = resource;
            int scheme = rest.indexOf("://");
            if (scheme > 0) {
                rest = rest.substring(scheme + 3);
            }
            String host = null;
            if (!rest.startsWith("/")) {
                int slash = rest.indexOf('/');
                host = slash < 0 ? rest : rest.substring(0, slash);
                rest = slash < 0 ? "/" : rest.substring(slash);
            }
            int question = rest.indexOf('?');
            String path = question < 0 ? rest : rest.substring(0, question);
            String query = question < 0 ? null : rest.substring(question + 1);
            return new Url(host == null || host.isEmpty() ? null : host, path.isEmpty() ? "/" : path, query);
        }
    }

}
