package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCanOpenMarkupOrLeaveAnAttribute() {
        assertThat(Html.text("<a href='x' title=\"y\">&</a>"))
                .isEqualTo("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.text(null)).isEmpty();
        assertThat(Html.text("plain")).isEqualTo("plain");
    }

    @Test
    void showsBidiAndControlCharactersAsVisibleEscapes() {
        assertThat(Html.text("a\u202Eb\u200Fc\u001b[31md\u009be\tf\ng")).isEqualTo("a\\u202eb\\u200fc\\u001b[31md\\u009be\tf\ng");
    }

    @Test
    void jsonForAScriptBlockCannotCloseItAndStillParsesToTheSameValue() throws Exception {
        String value = "</script><!-- & \u2028\u2029 >";
        String json = Json.MAPPER.writeValueAsString(java.util.Map.of("v", value));
        String safe = Html.scriptJson(json);
        assertThat(safe).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        JsonNode parsed = Json.MAPPER.readTree(safe);
        assertThat(parsed.get("v").asText()).isEqualTo(value);
    }
}
