package dev.cloudsift.store.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes real CloudTrail delivery files (gzip, S3 layout) for ingest tests. */
final class TrailFiles {
    private TrailFiles() {}

    static String record(String eventId, String eventName, String time, String ip) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE000000001",\
                "arn":"arn:aws:iam::111122223333:user/ops-admin","accountId":"111122223333",\
                "accessKeyId":"AKIAEXAMPLE000000001","userName":"ops-admin"},"eventTime":"%s",\
                "eventSource":"iam.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",\
                "sourceIPAddress":"%s","userAgent":"aws-cli/2.17.0","requestParameters":{"userName":"x"},\
                "responseElements":null,"requestID":"req-%s","eventID":"%s","readOnly":false,\
                "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333",\
                "eventCategory":"Management"}""".formatted(time, eventName, ip, eventId, eventId);
    }

    static List<String> records(int count, int firstId) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            records.add(record("00000000-0000-4000-8000-%012d".formatted(id), "ListUsers",
                    "2025-11-04T09:%02d:%02dZ".formatted((id / 60) % 60, id % 60), "203.0.113." + (id % 250)));
        }
        return records;
    }

    static byte[] recordsFile(List<String> records) {
        return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** Writes a gzip trail file in the S3 key layout under {@code root}; returns its path. */
    static Path writeTrailFile(Path root, String name, List<String> records) throws IOException {
        Path folder = root.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2025/11/04");
        Files.createDirectories(folder);
        Path file = folder.resolve("111122223333_CloudTrail_us-east-1_20251104T0920Z_" + name + ".json.gz");
        Files.write(file, gzip(recordsFile(records)));
        return file;
    }
}
