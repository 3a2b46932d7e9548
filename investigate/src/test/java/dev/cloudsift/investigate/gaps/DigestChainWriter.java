package dev.cloudsift.investigate.gaps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes what CloudTrail would deliver with validation on: hourly gzip log files and a signed chain of digests. */
public final class DigestChainWriter {
    public static final String BUCKET = "acme-trail";
    public static final String ACCOUNT = "111122223333";

    /** One hour's log file and digest, with the digest's signature (kept in S3 metadata, not in the file). */
    public record Hour(Path logFile, String logKey, Path digestFile, String digestKey, String signature) {}

    public static List<Hour> write(Path root, KeyPair signer, int hours) throws IOException, GeneralSecurityException {
        List<Hour> written = new ArrayList<>();
        String previousKey = null;
        String previousHash = null;
        String previousSignature = null;
        for (int h = 0; h < hours; h++) {
            Instant start = Instant.parse("2025-11-04T09:00:00Z").plusSeconds(3600L * h);
            Instant end = start.plusSeconds(3600);
            String stamp = String.format("20251104T%02d20Z", 9 + h);
            String logKey = "AWSLogs/" + ACCOUNT + "/CloudTrail/eu-west-1/2025/11/04/" + ACCOUNT + "_CloudTrail_eu-west-1_"
                    + stamp + "_abcdEFGHijkl000" + h + ".json.gz";
            String log = "{\"Records\":[{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                    + ACCOUNT + ":user/alice\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"AKIAALICE00000000001\"},"
                    + "\"eventTime\":\"" + start.plusSeconds(900) + "\",\"eventSource\":\"ec2.amazonaws.com\","
                    + "\"eventName\":\"DescribeInstances\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.7\","
                    + "\"userAgent\":\"aws-cli\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"hour-" + h
                    + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"" + ACCOUNT + "\"}]}";
            Path logFile = root.resolve(logKey);
            gzip(logFile, log.getBytes(StandardCharsets.UTF_8));
            String digestKey = "AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/eu-west-1/2025/11/04/" + ACCOUNT
                    + "_CloudTrail-Digest_eu-west-1_main_eu-west-1_" + String.format("20251104T%02d0000Z", 10 + h) + ".json.gz";
            String digest = "{\"awsAccountId\":\"" + ACCOUNT + "\",\"digestStartTime\":\"" + start + "\",\"digestEndTime\":\""
                    + end + "\",\"digestS3Bucket\":\"" + BUCKET + "\",\"digestS3Object\":\"" + digestKey + "\","
                    + "\"digestPublicKeyFingerprint\":\"00112233445566778899aabbccddeeff\",\"digestSignatureAlgorithm\":\"SHA256withRSA\","
                    + "\"newestEventTime\":\"" + start.plusSeconds(900) + "\",\"oldestEventTime\":\"" + start.plusSeconds(900) + "\","
                    + "\"previousDigestS3Bucket\":" + quoted(previousKey == null ? null : BUCKET) + ","
                    + "\"previousDigestS3Object\":" + quoted(previousKey) + ","
                    + "\"previousDigestHashValue\":" + quoted(previousHash) + ","
                    + "\"previousDigestHashAlgorithm\":" + quoted(previousHash == null ? null : "SHA-256") + ","
                    + "\"previousDigestSignature\":" + quoted(previousSignature) + ","
                    + "\"logFiles\":[{\"s3Bucket\":\"" + BUCKET + "\",\"s3Object\":\"" + logKey + "\",\"hashValue\":\""
                    + sha256(log.getBytes(StandardCharsets.UTF_8)) + "\",\"hashAlgorithm\":\"SHA-256\","
                    + "\"newestEventTime\":\"" + start.plusSeconds(900) + "\",\"oldestEventTime\":\"" + start.plusSeconds(900) + "\"}]}";
            byte[] digestBytes = digest.getBytes(StandardCharsets.UTF_8);
            Path digestFile = root.resolve(digestKey);
            gzip(digestFile, digestBytes);
            String ownHash = sha256(digestBytes);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signer.getPrivate());
            signature.update(DigestValidation.signedText(end, BUCKET, digestKey, ownHash, previousSignature)
                    .getBytes(StandardCharsets.UTF_8));
            String signatureHex = HexFormat.of().formatHex(signature.sign());
            written.add(new Hour(logFile, logKey, digestFile, digestKey, signatureHex));
            previousKey = digestKey;
            previousHash = ownHash;
            previousSignature = signatureHex;
        }
        return written;
    }

    public static void gzip(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    public static byte[] gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
