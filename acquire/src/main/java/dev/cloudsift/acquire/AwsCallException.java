package dev.cloudsift.acquire;

import java.io.IOException;

/** An AWS API call answered with an error (throttled, access denied, not found). */
public final class AwsCallException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String errorCode;
    private final int statusCode;

    public AwsCallException(String call, String errorCode, int statusCode, String message) {
        super(call + " failed: " + errorCode + " (HTTP " + statusCode + "): " + message);
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
