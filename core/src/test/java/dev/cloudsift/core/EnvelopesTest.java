package dev.cloudsift.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EnvelopesTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPointerToAStringYieldsItsTextUnescaped() throws IOException {
        byte[] event = utf8("{\"id\":\"1\",\"message\":\"a \\\"quoted\\\" line\\twith a tab\"}");

        assertThat(new String(Envelopes.decode(event, "/message"), StandardCharsets.UTF_8)).isEqualTo("a \"quoted\" line\twith a tab");
    }

    @Test
    void base64AndGzipAreDecodedBeforeTheInnerPointer() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(utf8("{\"logEvents\":[{\"message\":\"first\"},{\"message\":\"second\"}]}"));
        }
        byte[] record = utf8("{\"kinesis\":{\"data\":\"" + Base64.getEncoder().encodeToString(gzip.toByteArray()) + "\"}}");

        byte[] decoded = Envelopes.decode(record, "/kinesis/data|base64|gunzip" + Envelopes.pointer("logEvents", 1, "message"));

        assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void pointersEscapeSlashesAndTildesInFieldNames() throws IOException {
        String pointer = Envelopes.pointer("a/b", "c~d");

        assertThat(pointer).isEqualTo("/a~1b/c~0d");
        assertThat(Envelopes.decode(utf8("{\"a/b\":{\"c~d\":\"x\"}}"), pointer)).isEqualTo(utf8("x"));
    }

    @Test
    void aRecordInsideAnotherJoinsTheirPathsThroughItsJsonText() throws IOException {
        String item = "{\"CloudTrailEvent\":\"{\\\"eventID\\\":\\\"e1\\\"}\"}";
        byte[] event = utf8("{\"message\":" + Json.MAPPER.writeValueAsString(item) + "}");

        String envelope = Envelopes.inside("/message", "/CloudTrailEvent");

        assertThat(envelope).isEqualTo("/message|json/CloudTrailEvent");
        assertThat(new String(Envelopes.decode(event, envelope), StandardCharsets.UTF_8)).isEqualTo("{\"eventID\":\"e1\"}");
        assertThat(Envelopes.describe(envelope)).isEqualTo("LookupEvents CloudTrailEvent string (/message|json/CloudTrailEvent)");
    }

    @Test
    void aMissingFieldOrAnUnknownDecoderIsAClearError() {
        assertThatThrownBy(() -> Envelopes.decode(utf8("{\"a\":1}"), "/message"))
                .isInstanceOf(IOException.class).hasMessageContaining("no /message");
        assertThatThrownBy(() -> Envelopes.decode(utf8("{\"a\":\"x\"}"), "/a|rot13"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown envelope decoder 'rot13'");
    }

    @Test
    void positionKeepsItsTwoArgumentFormWithLengthUnknown() {
        Position position = new Position(12, 3);

        assertThat(position.length()).isEqualTo(-1);
        assertThat(position.envelope()).isNull();
        assertThat(position.withLength(40).withEnvelope("/message")).isEqualTo(new Position(12, 3, 40, "/message"));
    }
}
