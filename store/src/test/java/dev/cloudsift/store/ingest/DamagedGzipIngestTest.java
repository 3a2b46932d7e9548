package dev.cloudsift.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.FormatRegistry;
import dev.cloudsift.store.CaseStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gzip files damaged after, inside or at the end of their data: every record still in them is stored. */
class DamagedGzipIngestTest {
    private static final FormatRegistry REGISTRY = FormatRegistry.load();
    private static final byte[] WHOLE = gzipOf(1000);

    @TempDir
    Path folder;

    private static byte[] gzipOf(int records) {
        try {
            return TrailFiles.gzip(TrailFiles.recordsFile(TrailFiles.records(records, 0)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private IngestSummary ingest(byte[] file) throws Exception {
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.write(logs.resolve("trail.json.gz"), file);
        try (CaseStore store = CaseStore.open(folder.resolve("case.duckdb"), REGISTRY.formats())) {
            return new Ingest(store, REGISTRY).run(IngestOptions.of(List.of(logs)), IngestListener.NONE);
        }
    }

    private byte[] quarantinedRaw() throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(folder.resolve("case.duckdb"));
             PreparedStatement statement = store.connection().prepareStatement("SELECT raw FROM quarantine");
             ResultSet result = statement.executeQuery()) {
            assertThat(result.next()).as("one quarantine row").isTrue();
            byte[] raw = result.getBytes(1);
            assertThat(result.next()).isFalse();
            return raw;
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static void assertReconciled(FileResult file) {
        assertThat(file.read()).isEqualTo(file.stored() + file.duplicates() + file.quarantined());
    }

    @Test
    void zeroPaddingAfterTheLastMemberIsNotAnErrorButIsNoted() throws Exception {
        FileResult file = ingest(concat(WHOLE, new byte[8192])).files().get(0);

        assertThat(file.status()).isEqualTo(FileStatus.OK);
        assertThat(file.stored()).isEqualTo(1000);
        assertThat(file.quarantined()).isZero();
        assertThat(file.skippedReasons()).containsKey("zero padding after the last gzip member");
        assertReconciled(file);
    }

    @Test
    void garbageAfterACompleteMemberKeepsEveryRecordAndQuarantinesTheGarbageWithItsOffset() throws Exception {
        byte[] garbage = "not gzip at all, an attacker's tail".getBytes(StandardCharsets.US_ASCII);

        FileResult file = ingest(concat(WHOLE, garbage)).files().get(0);

        assertThat(file.stored()).isEqualTo(1000);
        assertThat(file.quarantined()).isEqualTo(1);
        assertThat(file.status()).isEqualTo(FileStatus.PARTIAL);
        assertThat(file.error()).contains("trailing garbage at byte " + WHOLE.length);
        assertThat(quarantinedRaw()).isEqualTo(garbage);
        assertReconciled(file);
    }

    @Test
    void aCrcMismatchKeepsTheDecodedRecordsAndSaysTheContentMayBeAltered() throws Exception {
        byte[] badCrc = WHOLE.clone();
        badCrc[badCrc.length - 8] ^= 0x55;

        FileResult file = ingest(badCrc).files().get(0);

        assertThat(file.stored()).isEqualTo(1000);
        assertThat(file.quarantined()).isEqualTo(1);
        assertThat(file.error()).contains("CRC mismatch").contains("byte " + (WHOLE.length - 8));
        assertThat(quarantinedRaw()).hasSize(8);
        assertReconciled(file);
    }

    @Test
    void aTruncatedGzipStoresEveryCompleteRecordADecompressorRecovers() throws Exception {
        byte[] cut = Arrays.copyOf(WHOLE, WHOLE.length * 3 / 5);
        String recovered = new String(decodeAsFarAsPossible(cut), StandardCharsets.UTF_8);
        int complete = recovered.split("\"eventCategory\":\"Management\"}", -1).length - 1;
        String unfinished = recovered.substring(recovered.lastIndexOf(",{\"eventVersion\"") + 1);

        FileResult file = ingest(cut).files().get(0);

        assertThat(complete).isBetween(100, 999);
        assertThat(file.stored()).isEqualTo(complete);
        assertThat(file.quarantined()).isEqualTo(1);
        assertThat(file.error()).contains("truncated");
        assertThat(new String(quarantinedRaw(), StandardCharsets.UTF_8)).isEqualTo(unfinished);
        assertReconciled(file);
    }

    @Test
    void corruptDeflateDataNamesTheByteInsteadOfAnInternalError() throws Exception {
        // A second member whose first deflate block has the reserved block type 3.
        byte[] second = gzipOf(5);
        second[10] = 0x07;

        FileResult file = ingest(concat(WHOLE, second)).files().get(0);

        assertThat(file.error()).contains("corrupt compressed data at byte " + (WHOLE.length + 10))
                .contains("invalid block type").doesNotContain("Cloudsift bug");
        assertThat(file.stored()).isEqualTo(1000);
        assertThat(quarantinedRaw()).isNotEmpty();
        assertReconciled(file);
    }

    @Test
    void corruptDeflateInsideAZipMemberIsReportedAsSuchNotAsAnInternalError() throws Exception {
        byte[] content = TrailFiles.recordsFile(TrailFiles.records(1000, 0));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("trail.json"));
            out.write(content);
        }
        byte[] corrupt = zip.toByteArray();
        // The member's data starts after its 30-byte local header and name; its first block gets the reserved type.
        corrupt[30 + "trail.json".length()] |= 0x06;

        FileResult file = ingest(corrupt).files().get(0);

        assertThat(file.error()).contains("invalid block type").doesNotContain("Cloudsift bug");
        assertReconciled(file);
    }

    /** What a streaming decompressor yields from a damaged file before it gives up. */
    private static byte[] decodeAsFarAsPossible(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file), 512)) {
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
            }
        } catch (IOException expected) {
            // the file is cut short
        }
        return out.toByteArray();
    }
}
