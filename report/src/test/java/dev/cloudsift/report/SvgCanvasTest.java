package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgCanvasTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"' onload=\"x\" &amp; invoice\u202Efdp.exe";

    @Test
    void labelsTooltipsAndClassesFromTheLogsStayText() throws Exception {
        String svg = new SvgCanvas("x", 100, 50, HOSTILE)
                .text(1, 2, HOSTILE, "a\" onclick=\"b", "start", HOSTILE)
                .rect(0, 0, 10, 10, null, HOSTILE)
                .group(null, HOSTILE).end()
                .finish();
        assertThat(svg).doesNotContain("<script").doesNotContain("\u202E").doesNotContain("onclick=\"").doesNotContain("onload=\"");
        SvgDocument document = SvgDocument.parse(svg);
        assertThat(document.count("script")).isZero();
        assertThat(document.count("title")).isEqualTo(3);
        String shown = "<script>alert(1)</script>\"' onload=\"x\" &amp; invoice\\u202efdp.exe";
        for (int i = 0; i < 3; i++) {
            assertThat(document.all("title").item(i).getTextContent()).isEqualTo(shown);
        }
        assertThat(document.all("text").item(0).getTextContent()).isEqualTo(shown + shown);
        assertThat(document.root().getAttribute("aria-label")).isEqualTo(shown);
        assertThat(document.all("text").item(0).getAttributes().getNamedItem("onclick")).isNull();
    }

    @Test
    void longTooltipsAreCutAndNoAttributeIsAStyle() throws Exception {
        String svg = new SvgCanvas("x", 10, 10, "l").circle(1, 1, 1, "c", "y".repeat(100_000)).finish();
        assertThat(SvgDocument.parse(svg).all("title").item(0).getTextContent()).hasSize(SvgCanvas.MAX_TITLE_CHARS).endsWith("…");
        assertThat(svg).doesNotContain("style=");
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        assertThat(SvgCanvas.cut("😀😀😀", 2)).isEqualTo("😀…");
        assertThat(SvgCanvas.cut("😀😀", 2)).isEqualTo("😀😀");
        assertThat(SvgCanvas.cut(null, 2)).isEmpty();
    }

    @Test
    void numbersAreWrittenTheSameInEveryLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(SvgCanvas.number(1.25)).isEqualTo("1.3");
            assertThat(SvgCanvas.number(3)).isEqualTo("3");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
