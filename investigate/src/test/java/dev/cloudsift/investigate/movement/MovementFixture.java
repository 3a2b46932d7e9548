package dev.cloudsift.investigate.movement;

import dev.cloudsift.investigate.fixture.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small case of real log files whose data movement is known to the byte: S3 reads seen in both S3 access logs and
 * CloudTrail data events (sharing request and host ids, one with different byte counts), in only one of them, and
 * failed; flow egress on an instance interface and again through a NAT gateway's interface, plus a connection seen
 * only on the NAT gateway; snapshot, bucket-policy and RDS snapshot shares to foreign accounts and to the case's own.
 */
public final class MovementFixture {
    public static final String ACCOUNT = "111122223333";
    public static final String FOREIGN = "444455556666";
    public static final String OTHER_FOREIGN = "555566667777";
    public static final String ROLE_SESSION = "arn:aws:sts::111122223333:assumed-role/app-reader/i-0123456789abcdef0";
    public static final String KEY = "ASIAEXAMPLE7QRSTU2VW";
    public static final String ATTACKER = "203.0.113.45";
    public static final String BUCKET = "example-finance-bucket";

    /** S3: four requests count (two in both logs, one in each alone), three distinct objects. */
    public static final long S3_REQUESTS = 4;
    public static final long S3_OBJECTS = 3;
    /** 1000 (both agree) + 2000 (access log's Bytes Sent wins over CloudTrail's 2500) + 300 (access only) + 4000. */
    public static final long S3_BYTES = 7_300;
    /** Flow: one connection in two windows on the instance (5000 + 7000), one only on the NAT gateway (3333). */
    public static final long FLOW_CONNECTIONS = 2;
    public static final long FLOW_BYTES = 15_333;

    private MovementFixture() {}

    /** Writes the input files under {@code folder/input} and ingests them into {@code folder/case}. */
    public static Path ingest(Path folder) throws Exception {
        Path input = write(folder.resolve("input"));
        Path caseFolder = folder.resolve("case");
        TestCase.ingestPaths(caseFolder, List.of(input));
        return caseFolder;
    }

    /** Writes the input files into {@code input} and returns it. */
    public static Path write(Path input) throws IOException {
        Path trail = input.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/eu-west-1/2025/11/04/" + ACCOUNT
                + "_CloudTrail_eu-west-1_20251104T0930Z_movement.json");
        Files.createDirectories(trail.getParent());
        Files.writeString(trail, "{\"Records\":[" + String.join(",\n", trailRecords()) + "]}\n", StandardCharsets.UTF_8);
        Path access = input.resolve("s3-access/" + BUCKET + "/2025-11-04-09-30-00-0123456789ABCDEF");
        Files.createDirectories(access.getParent());
        Files.write(access, accessLines(), StandardCharsets.UTF_8);
        Path flow = input.resolve("AWSLogs/" + ACCOUNT + "/vpcflowlogs/eu-west-1/2025/11/04/" + ACCOUNT
                + "_vpcflowlogs_eu-west-1_fl-0movement_20251104T0930Z_abcd1234.log");
        Files.createDirectories(flow.getParent());
        Files.write(flow, flowLines(), StandardCharsets.UTF_8);
        return input;
    }

    private static List<String> trailRecords() {
        List<String> records = new ArrayList<>();
        records.add(getObject("2025-11-04T09:15:30Z", "REQ0000000000001", "HOST1", "exports/a.csv", 1000, null));
        records.add(getObject("2025-11-04T09:15:40Z", "REQ0000000000002", "HOST2", "exports/b.csv", 2500, null));
        records.add(getObject("2025-11-04T09:15:50Z", "REQ0000000000004", "HOST4", "exports/a.csv", 4000, null));
        records.add(getObject("2025-11-04T09:15:55Z", "REQ0000000000006", "HOST6", "exports/d.csv", 0, "AccessDenied"));
        records.add(management("2025-11-04T09:20:00Z", "ec2.amazonaws.com", "ModifySnapshotAttribute",
                "{\"snapshotId\":\"snap-0123456789abcdef0\",\"attributeType\":\"CREATE_VOLUME_PERMISSION\","
                        + "\"createVolumePermission\":{\"add\":{\"items\":[{\"userId\":\"" + FOREIGN + "\"}]}}}", "e1"));
        records.add(management("2025-11-04T09:21:00Z", "ec2.amazonaws.com", "ModifySnapshotAttribute",
                "{\"snapshotId\":\"snap-0aaaaaaaaaaaaaaaa\",\"attributeType\":\"CREATE_VOLUME_PERMISSION\","
                        + "\"createVolumePermission\":{\"add\":{\"items\":[{\"userId\":\"" + ACCOUNT + "\"}]}}}", "e2"));
        records.add(management("2025-11-04T09:22:00Z", "s3.amazonaws.com", "PutBucketPolicy",
                "{\"bucketName\":\"" + BUCKET + "\",\"bucketPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"},"
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::" + OTHER_FOREIGN + ":root\",\"arn:aws:iam::"
                        + ACCOUNT + ":role/app-reader\"]},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"}]}}", "e3"));
        records.add(management("2025-11-04T09:23:00Z", "rds.amazonaws.com", "ModifyDBSnapshotAttribute",
                "{\"dBSnapshotIdentifier\":\"orders-db-snap\",\"attributeName\":\"restore\",\"valuesToAdd\":[\"" + FOREIGN + "\"]}", "e4"));
        return records;
    }

    private static String getObject(String time, String requestId, String hostId, String key, long bytesOut, String error) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEROLE000001:i-0123456789abcdef0\","
                + "\"arn\":\"" + ROLE_SESSION + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + KEY + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"" + ATTACKER + "\",\"userAgent\":\"aws-cli/2.17.0\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",")
                + "\"requestParameters\":{\"bucketName\":\"" + BUCKET + "\",\"key\":\"" + key + "\"},\"responseElements\":null,"
                + "\"additionalEventData\":{\"bytesTransferredIn\":0,\"bytesTransferredOut\":" + bytesOut + ",\"x-amz-id-2\":\"" + hostId + "\"},"
                + "\"requestID\":\"" + requestId + "\",\"eventID\":\"00000000-0000-4000-8000-" + requestId.substring(4) + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Data\"}";
    }

    private static String management(String time, String source, String name, String parameters, String id) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEROLE000001:i-0123456789abcdef0\","
                + "\"arn\":\"" + ROLE_SESSION + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + KEY + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"" + ATTACKER + "\",\"userAgent\":\"aws-cli/2.17.0\",\"requestParameters\":" + parameters + ","
                + "\"responseElements\":null,\"requestID\":\"mgmt-" + id + "\",\"eventID\":\"11111111-0000-4000-8000-0000000000" + id.substring(1) + "0\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\","
                + "\"eventCategory\":\"Management\"}";
    }

    private static List<String> accessLines() {
        String owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
        List<String> lines = new ArrayList<>();
        lines.add(access(owner, "09:15:30", ROLE_SESSION, "REQ0000000000001", "exports/a.csv", "200", "1000", "HOST1"));
        lines.add(access(owner, "09:15:40", ROLE_SESSION, "REQ0000000000002", "exports/b.csv", "200", "2000", "HOST2"));
        lines.add(access(owner, "09:15:45", ROLE_SESSION, "REQ0000000000003", "exports/c.csv", "200", "300", "HOST3"));
        lines.add(access(owner, "09:15:58", ROLE_SESSION, "REQ0000000000005", "exports/e.csv", "403", "243", "HOST5"));
        return lines;
    }

    private static String access(String owner, String time, String requester, String requestId, String key, String status,
            String bytes, String hostId) {
        return owner + " " + BUCKET + " [04/Nov/2025:" + time + " +0000] " + ATTACKER + " " + requester + " " + requestId
                + " REST.GET.OBJECT " + key + " \"GET /" + key + " HTTP/1.1\" " + status + " " + (status.equals("200") ? "-" : "AccessDenied")
                + " " + bytes + " " + bytes + " 12 10 \"-\" \"aws-cli/2.17.0\" - " + hostId
                + " SigV4 TLS_AES_128_GCM_SHA256 AuthHeader " + BUCKET + ".s3.eu-west-1.amazonaws.com TLSv1.3 - -";
    }

    private static List<String> flowLines() {
        String instanceEni = "eni-0a1b2c3d4e5f60718";
        String natEni = "eni-0feedfacecafe0001";
        List<String> lines = new ArrayList<>();
        lines.add("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action"
                + " log-status vpc-id instance-id pkt-srcaddr pkt-dstaddr flow-direction traffic-path");
        // the instance sends to a public address in two windows of one connection: counted here
        lines.add(flow(instanceEni, "10.0.1.5", "198.51.100.10", 40000, 443, 5000, 1762247700, "i-0123456789abcdef0", "10.0.1.5", "198.51.100.10", "egress", "1"));
        lines.add(flow(instanceEni, "10.0.1.5", "198.51.100.10", 40000, 443, 7000, 1762247760, "i-0123456789abcdef0", "10.0.1.5", "198.51.100.10", "egress", "1"));
        // the reply, traffic inside the VPC and a refused attempt: not egress
        lines.add(flow(instanceEni, "198.51.100.10", "10.0.1.5", 443, 40000, 900, 1762247700, "i-0123456789abcdef0", "198.51.100.10", "10.0.1.5", "ingress", "-"));
        lines.add(flow(instanceEni, "10.0.1.5", "10.0.2.9", 40001, 5432, 800, 1762247700, "i-0123456789abcdef0", "10.0.1.5", "10.0.2.9", "egress", "1"));
        lines.add(flow(instanceEni, "10.0.1.5", "198.51.100.99", 40002, 25, 120, 1762247700, "i-0123456789abcdef0", "10.0.1.5", "198.51.100.99", "egress", "1")
                .replace(" ACCEPT ", " REJECT "));
        // the NAT gateway carries the same connection in (inside leg) and out (translated): not counted again
        lines.add(flow(natEni, "10.0.1.5", "10.0.0.220", 40000, 443, 5000, 1762247710, "-", "10.0.1.5", "198.51.100.10", "ingress", "-"));
        lines.add(flow(natEni, "10.0.1.5", "10.0.0.220", 40000, 443, 7000, 1762247770, "-", "10.0.1.5", "198.51.100.10", "ingress", "-"));
        lines.add(flow(natEni, "10.0.0.220", "198.51.100.10", 61000, 443, 12000, 1762247710, "-", "10.0.0.220", "198.51.100.10", "egress", "8"));
        // a second instance whose own interface is not logged: its connection counts once, from the NAT's inside leg
        lines.add(flow(natEni, "10.0.1.77", "10.0.0.220", 41000, 443, 3333, 1762247800, "-", "10.0.1.77", "192.0.2.200", "ingress", "-"));
        lines.add(flow(natEni, "10.0.0.220", "192.0.2.200", 61001, 443, 3333, 1762247800, "-", "10.0.0.220", "192.0.2.200", "egress", "8"));
        return lines;
    }

    private static String flow(String eni, String src, String dst, int srcPort, int dstPort, long bytes, long start,
            String instance, String pktSrc, String pktDst, String direction, String path) {
        return "5 " + ACCOUNT + " " + eni + " " + src + " " + dst + " " + srcPort + " " + dstPort + " 6 10 " + bytes + " "
                + start + " " + (start + 50) + " ACCEPT OK vpc-0abc1234def567890 " + instance + " " + pktSrc + " " + pktDst
                + " " + direction + " " + path;
    }
}
