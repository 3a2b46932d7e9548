package dev.cloudsift.acquire;

import dev.cloudsift.core.Nullable;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * How to reach AWS: credentials, one shared HTTP client and, for tests and private endpoints, one endpoint for
 * every service. The SDK's own retries are off: {@link Backoff} retries throttling so callers see and pace it.
 */
public final class AwsAccess implements AutoCloseable {
    private final AwsCredentialsProvider credentials;
    private final @Nullable URI endpoint;
    private final SdkHttpClient httpClient;

    public AwsAccess(AwsCredentialsProvider credentials, @Nullable URI endpoint) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoint = endpoint;
        this.httpClient = UrlConnectionHttpClient.create();
    }

    /** The default credential chain, or a named profile of ~/.aws/config. */
    public static AwsAccess of(@Nullable String profile, @Nullable URI endpoint) {
        AwsCredentialsProvider provider = profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(profile);
        return new AwsAccess(provider, endpoint);
    }

    public CloudTrailClient cloudTrail(String region) {
        return configure(CloudTrailClient.builder(), region).build();
    }

    public CloudWatchLogsClient logs(String region) {
        return configure(CloudWatchLogsClient.builder(), region).build();
    }

    public CloudWatchClient cloudWatch(String region) {
        return configure(CloudWatchClient.builder(), region).build();
    }

    public Ec2Client ec2(String region) {
        return configure(Ec2Client.builder(), region).build();
    }

    public StsClient sts(String region) {
        return configure(StsClient.builder(), region).build();
    }

    public S3Client s3(String region) {
        // Path-style only against an endpoint override (S3-compatible servers); buckets of other regions are followed.
        return configure(S3Client.builder(), region).forcePathStyle(endpoint != null).crossRegionAccessEnabled(endpoint == null).build();
    }

    public AwsJsonClient config(String region) {
        return AwsJsonClient.config(httpClient, credentials, region, endpoint);
    }

    public AwsJsonClient wafv2(String region) {
        return AwsJsonClient.wafv2(httpClient, credentials, region, endpoint);
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    @Override
    public void close() {
        httpClient.close();
    }
}
