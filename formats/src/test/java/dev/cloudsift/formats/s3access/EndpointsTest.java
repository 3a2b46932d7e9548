package dev.cloudsift.formats.s3access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The region an S3 endpoint host names, and the hosts that name none. */
class EndpointsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "bucket.s3.eu-west-1.amazonaws.com, eu-west-1",
            "bucket.s3-eu-west-1.amazonaws.com, eu-west-1",
            "bucket.s3.dualstack.us-gov-east-1.amazonaws.com, us-gov-east-1",
            "ap-123456789012.s3-accesspoint.ap-south-1.amazonaws.com, ap-south-1",
            "bucket.s3.amazonaws.com, null",
            "eu-west-1.bucket.amazonaws.com, null",
            "bucket.s3.eu-west-1.example.com, null",
            "bucket.s3.eu--west-1.amazonaws.com, null",
            "bucket.s3.EU-west-1.amazonaws.com, null",
            "bucket.s3.eu-west-123.amazonaws.com, null",
            "bucket.s3..eu-west-1.amazonaws.com, eu-west-1",
            "bucket.s3.eu-west-1-.amazonaws.com, eu-west-1-"})
    void readsTheRegionLabelAfterTheS3Label(String host, String region) {
        assertThat(Endpoints.region(host)).isEqualTo(region);
    }
}
