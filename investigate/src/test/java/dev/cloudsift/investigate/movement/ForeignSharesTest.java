package dev.cloudsift.investigate.movement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudsift.core.Json;
import org.junit.jupiter.api.Test;

class ForeignSharesTest {
    private static java.util.Set<String> recipients(String event, String parameters) throws Exception {
        return ForeignShares.recipients(event, Json.MAPPER.readTree(parameters));
    }

    @Test
    void aPublicImageOrSnapshotIsSharedWithEveryone() throws Exception {
        assertThat(recipients("ModifyImageAttribute",
                "{\"imageId\":\"ami-1\",\"launchPermission\":{\"add\":{\"items\":[{\"group\":\"all\"},{\"userId\":\"123456789012\"}]}}}"))
                .containsExactly(ForeignShares.EVERYONE, "123456789012");
        assertThat(recipients("ModifyDBClusterSnapshotAttribute",
                "{\"dBClusterSnapshotIdentifier\":\"c\",\"attributeName\":\"restore\",\"valuesToAdd\":[\"all\"]}"))
                .containsExactly(ForeignShares.EVERYONE);
    }

    @Test
    void removalsAndOtherAttributesShareNothing() throws Exception {
        assertThat(recipients("ModifySnapshotAttribute",
                "{\"snapshotId\":\"snap-1\",\"createVolumePermission\":{\"remove\":{\"items\":[{\"userId\":\"123456789012\"}]}}}")).isEmpty();
        assertThat(recipients("ModifyDBSnapshotAttribute",
                "{\"dBSnapshotIdentifier\":\"s\",\"attributeName\":\"other\",\"valuesToAdd\":[\"123456789012\"]}")).isEmpty();
    }

    @Test
    void aBucketPolicyGrantsOnlyThroughAllowStatementsWhateverShapeThePrincipalHas() throws Exception {
        assertThat(recipients("PutBucketPolicy", "{\"bucketName\":\"b\",\"bucketPolicy\":{\"Statement\":"
                + "[{\"Effect\":\"Deny\",\"Principal\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"210987654321\"}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\",\"arn:aws:iam::111122223333:role/x\"]}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logging.s3.amazonaws.com\"}}]}}"))
                .containsExactly("210987654321", ForeignShares.EVERYONE, "111122223333");
        assertThat(recipients("PutBucketPolicy", "{\"bucketName\":\"b\",\"bucketPolicy\":"
                + "\"{\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\"}}\"}"))
                .containsExactly(ForeignShares.EVERYONE);
    }
}
