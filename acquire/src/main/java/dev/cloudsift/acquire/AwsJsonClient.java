package dev.cloudsift.acquire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signed AWS JSON 1.1 calls for the services whose SDK modules the build cannot reach (Config, WAFv2): the
 * request is signed with the SDK's SigV4 signer and sent with the SDK's HTTP client, only the JSON is ours.
 */
public final class AwsJsonClient {
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final String signingName;
    private final String targetPrefix;
    private final String region;
    private final URI endpoint;

    public AwsJsonClient(SdkHttpClient httpClient, AwsCredentialsProvider credentials, String signingName,
                         String endpointPrefix, String targetPrefix, String region, @Nullable URI endpointOverride) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.targetPrefix = Objects.requireNonNull(targetPrefix, "targetPrefix");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = endpointOverride != null ? endpointOverride
                : URI.create("https://" + endpointPrefix + "." + region + ".amazonaws.com");
    }

    /** AWS Config (service StarlingDoveService). */
    public static AwsJsonClient config(SdkHttpClient httpClient, AwsCredentialsProvider credentials, String region,
                                       @Nullable URI endpointOverride) {
        return new AwsJsonClient(httpClient, credentials, "config", "config", "StarlingDoveService", region, endpointOverride);
    }

    /** WAFv2; CLOUDFRONT-scope calls go to us-east-1. */
    public static AwsJsonClient wafv2(SdkHttpClient httpClient, AwsCredentialsProvider credentials, String region,
                                      @Nullable URI endpointOverride) {
        return new AwsJsonClient(httpClient, credentials, "wafv2", "wafv2", "AWSWAF_20190729", region, endpointOverride);
    }

    public String region() {
        return region;
    }

    /** Calls an operation with a JSON body; an error answer becomes an {@link AwsCallException} with its error code. */
    public JsonNode call(String operation, JsonNode body) throws IOException {
        byte[] payload = Json.MAPPER.writeValueAsBytes(body);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response = httpClient.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        byte[] answer;
        try (InputStream content = response.responseBody().map(stream -> (InputStream) stream).orElse(InputStream.nullInputStream())) {
            answer = content.readNBytes(64 * 1024 * 1024);
        }
        JsonNode json = answer.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(answer);
        int status = response.httpResponse().statusCode();
        if (status >= 300) {
            String type = json.path("__type").asText(response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("HTTP " + status));
            // Error types may come as "namespace#Code" or "Code:" followed by a URL.
            type = type.substring(type.lastIndexOf('#') + 1);
            int colon = type.indexOf(':');
            String code = colon >= 0 ? type.substring(0, colon) : type;
            String message = json.has("message") ? json.path("message").asText() : json.path("Message").asText(new String(answer, StandardCharsets.UTF_8));
            throw new AwsCallException(signingName + ":" + operation, code, status, message);
        }
        return json;
    }
}
