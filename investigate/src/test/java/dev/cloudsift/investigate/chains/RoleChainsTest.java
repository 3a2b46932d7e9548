package dev.cloudsift.investigate.chains;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.fixture.TestCase;
import dev.cloudsift.store.CaseStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleChainsTest {
    @TempDir
    static Path folder;
    static Path caseFile;

    @BeforeAll
    static void ingest() throws Exception {
        caseFile = TestCase.scenario(folder);
    }

    private static List<ChainNode> follow(Path file, String value) throws Exception {
        try (CaseStore store = CaseStore.openReadOnly(file)) {
            return new RoleChains(store.connection()).follow(value);
        }
    }

    @Test
    void followsTheLeakedKeyForwardThroughAssumeRoleAndTheCrossAccountHop() throws Exception {
        List<ChainNode> trees = follow(caseFile, "AKIAEXAMPLELEAKED001");
        assertThat(trees).singleElement().satisfies(root -> {
            assertThat(root.activity().principal()).isEqualTo("arn:aws:iam::111122223333:user/dev-ci");
            assertThat(root.activity().calls()).isEqualTo(5);
            ChainNode admin = root.children().get(0);
            assertThat(admin.activity().accessKeyId()).isEqualTo("ASIAATTACKERADMIN001");
            assertThat(admin.issuedBy().roleArn()).isEqualTo("arn:aws:iam::111122223333:role/Admin");
            assertThat(admin.issuedBy().crossAccount()).isFalse();
            ChainNode audit = admin.children().get(0);
            assertThat(audit.activity().accessKeyId()).isEqualTo("ASIACROSSACCOUNT0002");
            assertThat(audit.issuedBy().crossAccount()).isTrue();
            assertThat(audit.issuedBy().targetAccount()).isEqualTo("444455556666");
            assertThat(audit.activity().topActions()).extracting(c -> c.value()).containsExactly("ListBuckets");
        });
    }

    @Test
    void followsAnIssuedKeyBackwardToTheLongTermKeyItCameFrom() throws Exception {
        List<ChainNode> trees = follow(caseFile, "ASIACROSSACCOUNT0002");
        assertThat(trees).singleElement().satisfies(root ->
                assertThat(root.activity().accessKeyId()).isEqualTo("AKIAEXAMPLELEAKED001"));
        List<ChainNode> byArn = follow(caseFile, "arn:aws:iam::111122223333:role/Admin");
        assertThat(byArn).singleElement().satisfies(root ->
                assertThat(root.activity().accessKeyId()).isEqualTo("AKIAEXAMPLELEAKED001"));
    }

    @Test
    void linksAnInstanceProfileSessionToItsInstance() throws Exception {
        List<ChainNode> trees = follow(caseFile, "ASIAINSTANCEWEB00003");
        assertThat(trees).singleElement().satisfies(root -> {
            assertThat(root.activity().instanceId()).isEqualTo("i-0abc1234def567890");
            assertThat(root.activity().roleDelivery()).isEqualTo("2.0");
            assertThat(root.issuedBy().caller()).isEqualTo("ec2.amazonaws.com");
        });
        List<String> lines = new ArrayList<>();
        new ChainText(TimeDisplay.UTC, UnaryOperator.identity()).render(trees.get(0), "", true, true, lines);
        assertThat(lines.get(0)).startsWith("AssumeRole 2025-11-04T09:00:00Z by ec2.amazonaws.com → arn:aws:iam::111122223333:role/WebRole");
        assertThat(lines.get(1)).contains("ASIAINSTANCEWEB00003").contains("[instance i-0abc1234def567890, IMDSv2]");
    }

    @Test
    void aRoleThatAssumesItselfEndsInACycleNoteInsteadOfLooping() throws Exception {
        String role = "arn:aws:iam::111122223333:role/Loop";
        String session = "arn:aws:sts::111122223333:assumed-role/Loop/s";
        String a = call("2025-11-04T09:00:00Z", "AKIALOOPSTART0000001", "arn:aws:iam::111122223333:user/u", role, "ASIALOOPA00000000001", "IAMUser");
        String b = call("2025-11-04T09:01:00Z", "ASIALOOPA00000000001", session, role, "ASIALOOPB00000000002", "AssumedRole");
        String c = call("2025-11-04T09:02:00Z", "ASIALOOPB00000000002", session, role, "ASIALOOPA00000000001", "AssumedRole");
        Path caseFile = TestCase.ingest(folder.resolve("loop"), Map.of("trail.jsonl", List.of(a, b, c)));
        List<ChainNode> trees = follow(caseFile, "ASIALOOPB00000000002");
        assertThat(trees).singleElement().satisfies(root -> {
            assertThat(root.activity().accessKeyId()).isEqualTo("AKIALOOPSTART0000001");
            ChainNode loopB = root.children().get(0).children().get(0);
            assertThat(loopB.activity().accessKeyId()).isEqualTo("ASIALOOPB00000000002");
            assertThat(loopB.children()).singleElement().satisfies(back -> assertThat(back.note()).contains("cycle"));
        });
    }

    private static String call(String time, String key, String arn, String role, String issued, String type) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"" + type + "\",\"arn\":\"" + arn
                + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + key + "\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRole\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"192.0.2.1\",\"requestParameters\":{\"roleArn\":\"" + role + "\",\"roleSessionName\":\"s\"},"
                + "\"responseElements\":{\"credentials\":{\"accessKeyId\":\"" + issued + "\"}},\"eventID\":\"" + time + key
                + "\",\"recipientAccountId\":\"111122223333\"}";
    }
}
