package dev.cloudsift.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.chains.ChainNode;
import dev.cloudsift.investigate.chains.Issuance;
import dev.cloudsift.investigate.chains.KeyActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class ChainGraphTest {
    private static final Instant T = Instant.parse("2025-11-04T09:30:00Z");
    private static final String HOSTILE = "<script>window.__pwned=1</script>\u202Eexe.pdf";
    private static final String ROLE = "arn:aws:iam::111122223333:role/Admin";

    private static KeyActivity key(String id, String principal, List<Counted> actions) {
        return new KeyActivity(id, principal, "111122223333", 10, T, T.plusSeconds(600), actions, List.of(new Counted("203.0.113.45", 10)),
                null, null);
    }

    private static Issuance assume(String caller, String issued, String session, String targetAccount) {
        return new Issuance(T, "AssumeRole", caller, "arn:aws:iam::111122223333:user/mallory", issued,
                "arn:aws:iam::" + targetAccount + ":role/Admin", session, "203.0.113.45", "111122223333", targetAccount);
    }

    private static String render(List<ChainNode> trees) {
        return new ChainGraph(TimeDisplay.UTC, ip -> ip + " [XX, AS64500]").render(trees);
    }

    @Test
    void noChainsGetASentence() {
        assertThat(render(List.of())).contains("chain-graph-empty").doesNotContain("<svg");
    }

    @Test
    void drawsKeysSessionsRolesAndActionsLeftToRight() throws Exception {
        ChainNode session = new ChainNode(key("ASIASESSION000000001", "arn:aws:sts::111122223333:assumed-role/Admin/pwn",
                List.of(new Counted("GetObject", 2000), new Counted("ListBuckets", 3))), assume("AKIAMALLORY000000001",
                "ASIASESSION000000001", "pwn", "111122223333"), List.of(), null);
        ChainNode root = new ChainNode(key("AKIAMALLORY000000001", "arn:aws:iam::111122223333:user/mallory",
                List.of(new Counted("AssumeRole", 1))), null, List.of(session), null);
        SvgDocument svg = SvgDocument.parse(render(List.of(root)));
        assertThat(svg.root().getAttribute("id")).isEqualTo(ChainGraph.ID);
        double keyX = x(svg.withClass("node-key").get(0));
        double sessionX = x(svg.withClass("node-session").get(0));
        double roleX = x(svg.withClass("node-role").get(0));
        List<Element> actions = svg.withClass("node-action");
        assertThat(actions).hasSize(3);
        assertThat(keyX).isLessThan(sessionX);
        assertThat(sessionX).isLessThan(roleX);
        assertThat(roleX).isLessThan(x(actions.get(0)));
        assertThat(svg.text()).contains("GetObject ×2000").contains("role/Admin").contains("pwn ASIASESSION000000001")
                .contains("AssumeRole at 2025-11-04T09:30:00Z").contains("203.0.113.45 [XX, AS64500]");
        // one edge per link: key→session, session→role, role→2 actions, key→its own action
        assertThat(svg.withClass("edge")).hasSize(5);
    }

    @Test
    void hostileNamesAreEscapedAndCutWithTheFullTextInTheTooltip() throws Exception {
        String longName = HOSTILE + "-" + "x".repeat(300);
        ChainNode session = new ChainNode(key("ASIASESSION000000001", null, List.of(new Counted(HOSTILE, 1))),
                assume("AKIAMALLORY000000001", "ASIASESSION000000001", longName, "999988887777"), List.of(), null);
        ChainNode root = new ChainNode(key("AKIAMALLORY000000001", "arn:aws:iam::111122223333:user/" + HOSTILE, List.of()),
                null, List.of(session), null);
        String html = render(List.of(root));
        assertThat(html).doesNotContain("<script").doesNotContain("\u202E").doesNotContain("style=");
        SvgDocument svg = SvgDocument.parse(html);
        assertThat(svg.count("script")).isZero();
        Element node = svg.withClass("node-session").get(0);
        String visible = node.getElementsByTagName("text").item(0).getTextContent();
        assertThat(visible).startsWith("<script>").endsWith("…").hasSizeLessThan(60);
        assertThat(node.getElementsByTagName("title").item(0).getTextContent()).contains("ASIASESSION000000001");
        assertThat(svg.text()).contains(longName.replace("\u202E", "\\u202e"));
        // the hop into another account is drawn differently
        assertThat(svg.withClass("cross-account")).hasSize(1);
        assertThat(svg.withClass("cross-account").get(0).getTextContent()).contains("111122223333 → 999988887777");
    }

    @Test
    void aWideLayerIsBoundedWithACountOfWhatWasLeftOut() throws Exception {
        List<ChainNode> sessions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("ASIASESSION%09d", i);
            sessions.add(new ChainNode(key(id, null, List.of()), new Issuance(T, "GetSessionToken", "AKIAMALLORY000000001", null, id,
                    null, null, null, null, null), List.of(), null));
        }
        ChainNode root = new ChainNode(key("AKIAMALLORY000000001", null, List.of()), null, sessions, null);
        SvgDocument svg = SvgDocument.parse(render(List.of(root)));
        assertThat(svg.withClass("node-session")).hasSize(ChainGraph.MAX_PER_LAYER - 1);
        assertThat(svg.withClass("node-more")).hasSize(1);
        assertThat(svg.text()).contains("+" + (40 - ChainGraph.MAX_PER_LAYER + 1) + " more");
    }

    @Test
    void aKeyMetAgainInACycleIsNotCountedTwice() throws Exception {
        KeyActivity root = key("AKIAMALLORY000000001", null, List.of(new Counted("ListBuckets", 7)));
        ChainNode again = new ChainNode(root, new Issuance(T, "CreateAccessKey", "AKIAMALLORY000000001", null, "AKIAMALLORY000000001",
                null, null, null, null, null), List.of(), "already shown above (cycle)");
        SvgDocument svg = SvgDocument.parse(render(List.of(new ChainNode(root, null, List.of(again), null))));
        assertThat(svg.text()).contains("ListBuckets ×7").doesNotContain("ListBuckets ×14");
    }

    @Test
    void aSessionPrincipalNamesItsRole() {
        assertThat(ChainGraph.roleOf("arn:aws:sts::111122223333:assumed-role/web-app/i-0fa1")).isEqualTo("arn:aws:iam::111122223333:role/web-app");
        assertThat(ChainGraph.roleOf("arn:aws:iam::111122223333:user/alice")).isNull();
        assertThat(ChainGraph.roleOf("arn:aws:sts::1:assumed-role/")).isNull();
    }

    private static double x(Element group) {
        return Double.parseDouble(((Element) group.getElementsByTagName("rect").item(0)).getAttribute("x"));
    }
}
