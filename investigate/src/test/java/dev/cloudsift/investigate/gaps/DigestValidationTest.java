package dev.cloudsift.investigate.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.investigate.gaps.DigestIssue.Kind;
import dev.cloudsift.store.CaseStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestValidationTest {
    static KeyPair signer;
    static KeyPair stranger;

    @TempDir
    Path folder;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signer = generator.generateKeyPair();
        stranger = generator.generateKeyPair();
    }

    private DigestReport validate(Path root, List<PublicKey> keys) throws Exception {
        Path caseFile = folder.resolve("case");
        TestCase.ingestPaths(caseFile, List.of(root));
        try (CaseStore store = CaseStore.openReadOnly(caseFile)) {
            return new DigestValidation(store.connection(), keys).validate();
        }
    }

    @Test
    void anUntouchedChainVerifiesEveryLogFileAndEverySignatureButTheNewest() throws Exception {
        Path root = folder.resolve("mirror");
        DigestChainWriter.write(root, signer, 4);
        DigestReport report = validate(root, List.of(signer.getPublic()));
        assertThat(report.issues()).isEmpty();
        assertThat(report.digests()).isEqualTo(4);
        assertThat(report.logFilesListed()).isEqualTo(4);
        assertThat(report.logFilesVerified()).isEqualTo(4);
        assertThat(report.signaturesVerified()).isEqualTo(3);
        assertThat(report.signaturesUnchecked()).isEqualTo(1);
    }

    @Test
    void reportsAModifiedLogFile() throws Exception {
        Path root = folder.resolve("mirror");
        List<DigestChainWriter.Hour> hours = DigestChainWriter.write(root, signer, 4);
        Path log = hours.get(1).logFile();
        String content = new String(DigestChainWriter.gunzip(log), StandardCharsets.UTF_8);
        DigestChainWriter.gzip(log, content.replace("198.51.100.7", "198.51.100.8").getBytes(StandardCharsets.UTF_8));
        DigestReport report = validate(root, List.of(signer.getPublic()));
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MODIFIED_LOG_FILE);
            assertThat(issue.file()).isEqualTo(hours.get(1).logKey());
        });
        assertThat(report.signaturesVerified()).isEqualTo(3);
    }

    @Test
    void reportsADeletedLogFile() throws Exception {
        Path root = folder.resolve("mirror");
        List<DigestChainWriter.Hour> hours = DigestChainWriter.write(root, signer, 4);
        Files.delete(hours.get(2).logFile());
        DigestReport report = validate(root, List.of());
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MISSING_LOG_FILE);
            assertThat(issue.file()).isEqualTo(hours.get(2).logKey());
        });
        assertThat(report.signaturesUnchecked()).isEqualTo(4);
    }

    @Test
    void reportsADigestEditedAfterDeliveryAsBrokenChainAndBadSignature() throws Exception {
        Path root = folder.resolve("mirror");
        List<DigestChainWriter.Hour> hours = DigestChainWriter.write(root, signer, 4);
        Path digest = hours.get(1).digestFile();
        String content = new String(DigestChainWriter.gunzip(digest), StandardCharsets.UTF_8);
        DigestChainWriter.gzip(digest, content.replace("\"logFiles\":[", "\"logFiles\":[ ").getBytes(StandardCharsets.UTF_8));
        DigestReport report = validate(root, List.of(signer.getPublic()));
        assertThat(report.issues()).extracting(DigestIssue::kind, DigestIssue::file).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MODIFIED_DIGEST, hours.get(1).digestKey()),
                org.assertj.core.groups.Tuple.tuple(Kind.BAD_SIGNATURE, hours.get(1).digestKey()));
    }

    @Test
    void reportsADeletedDigestAndTheLogFileItAloneListed() throws Exception {
        Path root = folder.resolve("mirror");
        List<DigestChainWriter.Hour> hours = DigestChainWriter.write(root, signer, 4);
        Files.delete(hours.get(2).digestFile());
        DigestReport report = validate(root, List.of(signer.getPublic()));
        assertThat(report.issues()).extracting(DigestIssue::kind, DigestIssue::file).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_DIGEST, hours.get(2).digestKey()),
                org.assertj.core.groups.Tuple.tuple(Kind.UNEXPECTED_LOG_FILE, hours.get(2).logKey()));
    }

    @Test
    void signaturesDoNotVerifyWithSomeoneElsesKey() throws Exception {
        Path root = folder.resolve("mirror");
        DigestChainWriter.write(root, signer, 3);
        DigestReport report = validate(root, List.of(stranger.getPublic()));
        assertThat(report.issues()).extracting(DigestIssue::kind).containsExactly(Kind.BAD_SIGNATURE, Kind.BAD_SIGNATURE);
        assertThat(report.signaturesVerified()).isZero();
    }

    @Test
    void readsTheKeysListPublicKeysPrintsAsPkcs1AndPemFiles() throws Exception {
        byte[] spki = signer.getPublic().getEncoded();
        // X.509 SubjectPublicKeyInfo of a 2048-bit key: 24 header bytes, then the PKCS#1 RSAPublicKey
        byte[] pkcs1 = Arrays.copyOfRange(spki, 24, spki.length);
        assertThat(DigestPublicKeys.wrapPkcs1(pkcs1)).isEqualTo(spki);
        Path json = folder.resolve("keys.json");
        Files.writeString(json, "{\"PublicKeyList\":[{\"Value\":\"" + Base64.getEncoder().encodeToString(pkcs1)
                + "\",\"ValidityStartTime\":\"2025-11-01T00:00:00Z\",\"Fingerprint\":\"00112233\"}]}");
        assertThat(DigestPublicKeys.load(json)).containsExactly(signer.getPublic());
        Path pem = folder.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PUBLIC KEY-----\n");
        assertThat(DigestPublicKeys.load(pem)).containsExactly(signer.getPublic(), signer.getPublic());
        Path junk = folder.resolve("junk.pem");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> DigestPublicKeys.load(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public key found");
    }
}
