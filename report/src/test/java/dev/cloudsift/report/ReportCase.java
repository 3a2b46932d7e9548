package dev.cloudsift.report;

import dev.cloudsift.investigate.fixture.TestCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A case whose log text is hostile: markup, event handlers, spreadsheet formulas, line separators. */
final class ReportCase {
    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String IMAGE = "\"><img src=x onerror=\"window.__pwned=1;alert(1)\">";
    static final String FORMULA = "=HYPERLINK(\"http://x\")";
    /** A right-to-left override that makes "invoice‮fdp.exe" read as "invoiceexe.pdf". */
    static final String BIDI = "invoice\u202Efdp.exe\u2066";
    static final String HOSTILE_FILE = "<img src=x onerror=window.__pwned=1>.jsonl";

    private ReportCase() {}

    static Path build(Path folder) throws Exception {
        String s3 = "{\"event_time\":\"2025-11-04T09:30:00Z\",\"source\":\"s3access\",\"account_id\":\"111122223333\","
                + "\"region\":\"eu-west-1\",\"action\":\"REST.GET.OBJECT\",\"outcome\":\"success\","
                + "\"principal\":\"arn:aws:iam::111122223333:user/mallory\",\"src_ip\":\"203.0.113.45\","
                + "\"user_agent\":" + json(SCRIPT + " \u2028 " + IMAGE) + ",\"resource\":" + json("acme-data/" + IMAGE + FORMULA)
                + ",\"message\":" + json(FORMULA + " " + BIDI) + "}";
        String waf = "{\"event_time\":\"2025-11-04T09:31:00Z\",\"source\":\"waf\",\"account_id\":\"111122223333\","
                + "\"region\":\"eu-west-1\",\"action\":\"BLOCK\",\"outcome\":\"failure\",\"src_ip\":\"203.0.113.45\","
                + "\"user_agent\":" + json(FORMULA) + ",\"resource\":" + json("shop.example.com/?q=" + SCRIPT) + "}";
        String trail = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/mallory\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAMALLORY000000001\",\"userName\":\"mallory\"},"
                + "\"eventTime\":\"2025-11-04T09:32:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.45\",\"userAgent\":" + json(IMAGE)
                + ",\"requestParameters\":{\"bucketName\":\"acme-data\",\"key\":" + json(SCRIPT + FORMULA) + "},"
                + "\"responseElements\":null,\"eventID\":\"e1\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\","
                // a key named twice is stored as an anomaly naming the key: log text like any other
                + json(SCRIPT) + ":1," + json(SCRIPT) + ":2}";
        Path caseFile = TestCase.ingest(folder, Map.of(HOSTILE_FILE, List.of(s3, waf), "trail.jsonl", List.of(trail)));
        TestCase.execute(caseFile, """
                CREATE OR REPLACE TABLE findings (rule_id VARCHAR, title VARCHAR, level VARCHAR, tags JSON, time TIMESTAMP, source VARCHAR,
                  event_ids JSON, account_id VARCHAR, region VARCHAR, principal VARCHAR, src_ip VARCHAR, summary VARCHAR)""",
                "INSERT INTO findings VALUES (" + sql(SCRIPT) + ", " + sql("Exfiltration " + SCRIPT) + ", 'high', '[]',"
                        + " TIMESTAMP '2025-11-04 09:30:00', 's3access', '[]', '111122223333', 'eu-west-1',"
                        + " 'arn:aws:iam::111122223333:user/mallory', '203.0.113.45', " + sql(IMAGE + FORMULA + " " + BIDI) + ")");
        return caseFile;
    }

    private static String json(String text) {
        return dev.cloudsift.core.Json.MAPPER.valueToTree(text).toString();
    }

    private static String sql(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
