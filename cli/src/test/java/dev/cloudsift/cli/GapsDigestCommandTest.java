package dev.cloudsift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.gaps.DigestChainWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapsDigestCommandTest {
    @TempDir
    Path folder;

    @Test
    void gapsValidatesAMirroredTrailWithThePublicKeyFileAndNamesTheModifiedLogFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair signer = generator.generateKeyPair();
        Path mirror = folder.resolve("mirror");
        List<DigestChainWriter.Hour> hours = DigestChainWriter.write(mirror, signer, 3);
        Path log = hours.get(0).logFile();
        String content = new String(DigestChainWriter.gunzip(log), StandardCharsets.UTF_8);
        DigestChainWriter.gzip(log, content.replace("DescribeInstances", "DescribeImages").getBytes(StandardCharsets.UTF_8));
        String caseFile = folder.resolve("case").toString();
        InvestigationGoldenTest.Run ingest = InvestigationGoldenTest.run("ingest", "--case", caseFile, "--quiet", mirror.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        Path pem = folder.resolve("keys.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(signer.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        InvestigationGoldenTest.Run gaps = InvestigationGoldenTest.run("gaps", "--case", caseFile, "--public-key", pem.toString());
        assertThat(gaps.exitCode()).as(gaps.err()).isZero();
        assertThat(gaps.out())
                .contains("3 digests, 3 log files listed, 2 verified by hash; signatures: 2 verified, 1 not checked")
                .contains("modified log file")
                .contains(hours.get(0).logKey());
        InvestigationGoldenTest.Run badKey = InvestigationGoldenTest.run("gaps", "--case", caseFile, "--public-key",
                folder.resolve("missing.pem").toString());
        assertThat(badKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badKey.err()).contains("cannot read --public-key");
    }
}
