package dev.cloudsift.acquire;

import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Retries a call that AWS throttled, waiting base * 2^attempt with jitter (a random wait between half that
 * and all of it, so parallel callers do not retry in lockstep); also paces calls to a rate (LookupEvents: 2 per second).
 */
public final class Backoff {
    /** Error codes the AWS APIs use for "slow down". */
    static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "RequestThrottled", "LimitExceededException");

    /** Attempts at a call that failed on the network rather than being throttled. */
    static final int NETWORK_ATTEMPTS = 2;

    /** Waits; tests pass one that records instead of sleeping. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** A call to AWS. */
    public interface Call<T> {
        T call() throws IOException;
    }

    private final Sleeper sleeper;
    private final long baseMillis;
    private final long maxMillis;
    private final int maxAttempts;
    private final long minIntervalMillis;
    private long lastCallNanos;
    private int throttled;

    public Backoff(Sleeper sleeper, long baseMillis, long maxMillis, int maxAttempts, long minIntervalMillis) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.maxAttempts = maxAttempts;
        this.minIntervalMillis = minIntervalMillis;
    }

    /** Defaults for most APIs: 200 ms base, 20 s cap, 8 attempts, no pacing. */
    public static Backoff standard() {
        return new Backoff(Thread::sleep, 200, 20_000, 8, 0);
    }

    /** For LookupEvents: at most 2 calls per second per region. */
    public static Backoff lookupEvents() {
        return new Backoff(Thread::sleep, 500, 20_000, 10, 500);
    }

    /** How many throttling answers were retried. */
    public synchronized int throttled() {
        return throttled;
    }

    public <T> T run(Call<T> call) throws IOException {
        for (int attempt = 0; ; attempt++) {
            pace();
            try {
                return call.call();
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (!(e.isThrottlingException() || (code != null && THROTTLING.contains(code))) || attempt + 1 >= maxAttempts) {
                    throw e;
                }
            } catch (AwsCallException e) {
                if (!THROTTLING.contains(e.errorCode()) || attempt + 1 >= maxAttempts) {
                    throw e;
                }
            } catch (SdkClientException e) {
                // A network failure (refused, reset, timed out) is retried a little, not like throttling: an endpoint
                // that is down should be reported in seconds, not minutes.
                if (attempt + 1 >= Math.min(maxAttempts, NETWORK_ATTEMPTS)) {
                    throw e;
                }
            }
            synchronized (this) {
                throttled++;
            }
            long bound = Math.min(maxMillis, baseMillis << Math.min(attempt, 20));
            sleep(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
        }
    }

    private void pace() throws IOException {
        if (minIntervalMillis <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            wait = lastCallNanos == 0 ? 0 : minIntervalMillis - (now - lastCallNanos) / 1_000_000;
            lastCallNanos = now + Math.max(0, wait) * 1_000_000;
        }
        if (wait > 0) {
            sleep(wait);
        }
    }

    private void sleep(long millis) throws IOException {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
