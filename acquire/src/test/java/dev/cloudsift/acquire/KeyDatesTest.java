package dev.cloudsift.acquire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDatesTest {
    @TempDir
    Path temporary;

    @Test
    void readsTheDayOfEveryAwsKeyLayout() {
        assertThat(KeyDates.dayOf("AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/x.json.gz")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(KeyDates.dayOf("AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2024/12/31/x.json.gz")).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(KeyDates.dayOf("AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/01/x.log.gz")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(KeyDates.dayOf("AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=01/x.parquet"))
                .isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(KeyDates.dayOf("AWSLogs/111122223333/WAFLogs/us-east-1/acl/2024/03/01/10/05/x.log.gz")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(KeyDates.dayOf("logs/2024-03-01-12-00-00-0123456789ABCDEF")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(KeyDates.dayOf("exportedlogs/1a2b3c/i-0abc/000000.gz")).isNull();
        assertThat(KeyDates.dayOf("AWSLogs/2024/13/45/x")).isNull();
    }

    @Test
    void refusesKeysThatWouldLeaveTheAcquisitionFolder() throws Exception {
        Manifest manifest = Manifest.open(temporary);
        assertThat(manifest.resolve("s3/bucket/a/b.gz")).isEqualTo(temporary.resolve("s3/bucket/a/b.gz"));
        assertThatThrownBy(() -> manifest.resolve("s3/bucket/../../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaves the acquisition folder");
        manifest.close();
    }

    @Test
    void parsesS3Locations() {
        assertThat(S3Location.parse("s3://bucket/AWSLogs/")).isEqualTo(new S3Location("bucket", "AWSLogs/"));
        assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", ""));
        assertThatThrownBy(() -> S3Location.parse("https://bucket/x")).hasMessageContaining("expected s3://bucket/prefix");
    }
}
