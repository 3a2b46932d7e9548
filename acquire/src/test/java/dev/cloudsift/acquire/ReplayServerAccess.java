package dev.cloudsift.acquire;

import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A replay server and an {@link AwsAccess} pointed at it with known fake credentials (for tests in other packages). */
public final class ReplayServerAccess implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIAREPLAYFAKE000002";
    public static final String SECRET_KEY = "replaySecretKeyThatMustNeverBeWritten02";

    private final ReplayServer server;
    private final AwsAccess access;

    private ReplayServerAccess() throws IOException {
        server = new ReplayServer();
        access = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), server.endpoint());
    }

    public static ReplayServerAccess start() throws IOException {
        return new ReplayServerAccess();
    }

    public ReplayServerAccess answer(String operation, String resourceOrJson) {
        server.answer(operation, resourceOrJson);
        return this;
    }

    public ReplayServerAccess answer(String operation, int status, String resourceOrJson) {
        server.answer(operation, status, resourceOrJson);
        return this;
    }

    public ReplayServer server() {
        return server;
    }

    public AwsAccess access() {
        return access;
    }

    @Override
    public void close() {
        access.close();
        server.close();
    }
}
