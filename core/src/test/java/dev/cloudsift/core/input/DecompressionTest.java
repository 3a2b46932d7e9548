package dev.cloudsift.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.ExtraField;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.Test;

class DecompressionTest {
    private static final byte[] TEXT = "line one\nline two\n".repeat(5000).getBytes(StandardCharsets.UTF_8);

    private static byte[] gzip(byte[] content, GzipParameters parameters) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(bytes, parameters)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] readAll(byte[] file) throws IOException {
        try (InputStream in = Decompression.open(new ByteArrayInputStream(file), file.length).content()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aMemberHeaderWithNameCommentExtraFieldAndHeaderCrcIsReadPast() throws Exception {
        // gzip(1) writes the original file name; other writers add comments, extra fields and a header CRC.
        GzipParameters parameters = new GzipParameters();
        parameters.setFileName("trail.json");
        parameters.setComment("exported for the case");
        ExtraField extra = new ExtraField();
        extra.addSubField("AB", new byte[] {1, 2, 3});
        parameters.setExtraField(extra);
        parameters.setHeaderCRC(true);
        byte[] file = gzip(TEXT, parameters);
        assertThat(file[3] & 0x1E).as("FHCRC, FEXTRA, FNAME and FCOMMENT are all set").isEqualTo(0x1E);

        assertThat(readAll(file)).isEqualTo(TEXT);
    }

    @Test
    void zeroPaddingAfterTheLastMemberEndsTheContentAndIsNoted() throws Exception {
        byte[] member = gzip(TEXT, new GzipParameters());
        byte[] padded = Arrays.copyOf(member, member.length + 4096);

        Decompression.Opened opened = Decompression.open(new ByteArrayInputStream(padded), padded.length);

        assertThat(opened.content().readAllBytes()).isEqualTo(TEXT);
        assertThat(opened.notes()).containsExactly("zero padding after the last gzip member");
    }

    @Test
    void aMemberHeaderCutShortIsTruncationAfterTheContentOfTheMembersBefore() throws Exception {
        byte[] member = gzip(TEXT, new GzipParameters());
        byte[] cut = Arrays.copyOf(member, member.length + 6);
        System.arraycopy(member, 0, cut, member.length, 6);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();

        try (InputStream in = Decompression.open(new ByteArrayInputStream(cut), cut.length).content()) {
            assertThatThrownBy(() -> in.transferTo(decoded)).isInstanceOf(DamagedInputException.class)
                    .hasMessage("truncated: the gzip member header at byte " + member.length + " is cut short");
        }
        assertThat(decoded.toByteArray()).isEqualTo(TEXT);
    }

    @Test
    void theQuarantineBytesOfATruncatedStreamStartWhereTheReaderStopped() throws Exception {
        byte[] member = gzip(TEXT, new GzipParameters());
        byte[] cut = Arrays.copyOf(member, member.length - 20);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        DamagedInputException damage = null;
        try (InputStream in = Decompression.open(new ByteArrayInputStream(cut), cut.length).content()) {
            in.transferTo(decoded);
        } catch (DamagedInputException e) {
            damage = e;
        }

        assertThat(damage).isNotNull();
        assertThat(damage.decodedEnd()).isEqualTo(decoded.size());
        String text = decoded.toString(StandardCharsets.UTF_8);
        long lastLineStart = text.lastIndexOf('\n') + 1;
        assertThat(new String(damage.quarantineBytes(lastLineStart), StandardCharsets.UTF_8))
                .isEqualTo(text.substring((int) lastLineStart));
    }
}
