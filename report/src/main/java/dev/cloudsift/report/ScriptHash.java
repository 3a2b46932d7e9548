package dev.cloudsift.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The Content-Security-Policy source that allows exactly one inline script or stylesheet: its SHA-256, no 'unsafe-inline'. */
final class ScriptHash {
    private ScriptHash() {}

    /** {@code 'sha256-…'} of the script's or stylesheet's text exactly as it stands between its tags, UTF-8 encoded. */
    static String source(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
