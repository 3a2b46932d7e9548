package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3AccessTimeTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @ParameterizedTest
    @ValueSource(strings = {"06/Feb/2019:00:00:38 +0000", "09/Feb/2021:14:48:42 +0200", "31/Dec/1999:23:59:59 -0130",
        "29/Feb/2024:12:00:00 +0000", "01/Jan/2025:00:00:00 +1400", "15/Sep/2025:07:08:09 -0800"})
    void readsTheFixedShapeLikeTheEnglishFormatter(String text) {
        assertThat(S3AccessRecords.time(text)).isEqualTo(OffsetDateTime.parse(text, REFERENCE).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"29/Feb/2025:12:00:00 +0000", "31/Foo/2025:09:15:34 +0000", "32/Jan/2025:00:00:00 +0000",
        "06/feb/2019:00:00:38 +0000", "06/Feb/2019:24:00:00 +0000", "06/Feb/2019 00:00:38 +0000", "", "garbage"})
    void refusesWhatTheFormatterRefuses(String text) {
        assertThat(S3AccessRecords.time(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6/Feb/2019:00:00:38 +0000"})
    void fallsBackToTheFormatterForOtherShapes(String text) {
        Instant parsed = S3AccessRecords.time(text);
        assertThat(parsed == null ? null : parsed.toString()).isIn(null, "2019-02-06T00:00:38Z");
    }
}
