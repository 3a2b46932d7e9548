package dev.cloudsift.investigate.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudTrail public keys an analyst saved while online: PEM ({@code PUBLIC KEY} or {@code RSA PUBLIC KEY}
 * blocks) or the JSON that {@code aws cloudtrail list-public-keys} prints, whose values are base64 DER PKCS#1
 * {@code RSAPublicKey}s. Java's {@link KeyFactory} reads only X.509 {@code SubjectPublicKeyInfo}, so PKCS#1 keys are
 * wrapped into that structure first.
 */
public final class DigestPublicKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA )?PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PUBLIC KEY-----");
    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final long MAX_FILE = 16L << 20;

    private DigestPublicKeys() {}

    /**
     * @throws IllegalArgumentException naming the file and what was expected when it holds no usable key
     */
    public static List<PublicKey> load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new IllegalArgumentException(file + " is too large for a public key file");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<PublicKey> keys = new ArrayList<>();
        try {
            if (text.stripLeading().startsWith("{")) {
                JsonNode root = Json.MAPPER.readTree(text);
                for (JsonNode entry : root.path("PublicKeyList")) {
                    String value = entry.path("Value").asText("");
                    if (!value.isEmpty()) {
                        keys.add(rsaKey(wrapPkcs1(Base64.getMimeDecoder().decode(value))));
                    }
                }
            } else {
                Matcher matcher = PEM.matcher(text);
                while (matcher.find()) {
                    byte[] der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
                    keys.add(rsaKey(matcher.group(1) != null ? wrapPkcs1(der) : der));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException(file + ": not a usable CloudTrail public key (" + e.getMessage() + ")");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + ": no public key found; expected PEM blocks or the JSON of"
                    + " 'aws cloudtrail list-public-keys' (PublicKeyList[].Value)");
        }
        return keys;
    }

    private static PublicKey rsaKey(byte[] subjectPublicKeyInfo) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
    }

    /** SEQUENCE { AlgorithmIdentifier rsaEncryption, BIT STRING { 0 unused bits, the PKCS#1 key } }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0x03);
        writeLength(bitString, pkcs1.length + 1);
        bitString.write(0x00);
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        writeLength(sequence, RSA_ALGORITHM.length + bitString.size());
        sequence.writeBytes(RSA_ALGORITHM);
        sequence.writeBytes(bitString.toByteArray());
        return sequence.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
    }
}
