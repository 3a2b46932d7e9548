package dev.cloudsift.acquire;

import dev.cloudsift.core.Nullable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Downloads the objects under S3 prefixes whose key date falls in the window (plus the day after: delivery
 * lags), in parallel, into {@code s3/BUCKET/KEY}. Resumable: a file whose size, ETag and SHA-256 match its
 * manifest line is not fetched again; a download lands under a temporary name and is renamed when verified.
 */
public final class S3Acquisition {
    /** What one run did. */
    public record Result(int listed, int outOfWindow, int alreadyPresent, int fetched, long fetchedBytes,
                         List<String> failures, boolean stoppedEarly, List<S3Object> planned) {
        public Result {
            failures = List.copyOf(failures);
            planned = List.copyOf(planned);
        }
    }

    private final S3Client s3;
    private final Manifest manifest;
    private final Instant from;
    private final Instant to;
    private final int threads;
    private final int maxDownloads;

    /**
     * @param maxDownloads stop after this many downloads (Integer.MAX_VALUE: no limit); lets tests and careful
     *                     users interrupt a run at a known point
     */
    public S3Acquisition(S3Client s3, Manifest manifest, Instant from, Instant to, int threads, int maxDownloads) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.threads = threads;
        this.maxDownloads = maxDownloads;
    }

    /** Whether a key's day is in the window, the day after its end included; keys without a date are kept. */
    boolean inWindow(String key) {
        LocalDate day = KeyDates.dayOf(key);
        if (day == null) {
            return true;
        }
        LocalDate first = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = to.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        return !day.isBefore(first) && !day.isAfter(last);
    }

    public static String pathOf(String bucket, String key) {
        return "s3/" + bucket + "/" + key;
    }

    public Result run(List<S3Location> locations, boolean dryRun) throws IOException, InterruptedException {
        int listed = 0;
        int outOfWindow = 0;
        int present = 0;
        List<S3Object> wanted = new ArrayList<>();
        List<String> buckets = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (S3Location location : locations) {
            List<S3Object> objects = new ArrayList<>();
            try {
                // A bucket we may not read (or that is gone) must not stop the others.
                s3.listObjectsV2Paginator(request -> request.bucket(location.bucket()).prefix(location.prefix()))
                        .contents().forEach(objects::add);
            } catch (SdkException e) {
                failures.add("listing " + location + ": " + e.getMessage());
            }
            for (S3Object object : objects) {
                listed++;
                if (object.key().endsWith("/")) {
                    continue;
                }
                if (!inWindow(object.key())) {
                    outOfWindow++;
                    continue;
                }
                String path = pathOf(location.bucket(), object.key());
                try {
                    manifest.resolve(path);
                } catch (IllegalArgumentException e) {
                    failures.add(e.getMessage());
                    continue;
                }
                if (isPresent(path, object)) {
                    present++;
                    continue;
                }
                wanted.add(object);
                buckets.add(location.bucket());
            }
        }
        if (dryRun) {
            return new Result(listed, outOfWindow, present, 0, 0, failures, false, wanted);
        }
        AtomicInteger started = new AtomicInteger();
        AtomicInteger fetched = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        List<String> taskFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                S3Object object = wanted.get(i);
                String bucket = buckets.get(i);
                futures.add(pool.submit(() -> {
                    if (started.incrementAndGet() > maxDownloads || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    try {
                        long size = download(bucket, object);
                        fetched.incrementAndGet();
                        bytes.addAndGet(size);
                    } catch (IOException | SdkException e) {
                        taskFailures.add("s3://" + bucket + "/" + object.key() + ": " + e.getMessage());
                    }
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    taskFailures.add(String.valueOf(e.getCause()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        failures.addAll(taskFailures);
        return new Result(listed, outOfWindow, present, fetched.get(), bytes.get(), failures,
                started.get() > maxDownloads, wanted);
    }

    private boolean isPresent(String path, S3Object object) throws IOException {
        Manifest.Entry entry = manifest.entry(path);
        if (entry == null || entry.size() != object.size() || !Objects.equals(entry.etag(), object.eTag())) {
            return false;
        }
        Path file = manifest.resolve(path);
        // The local copy must still be the bytes we recorded: a corrupted or edited file is fetched again.
        return Files.isRegularFile(file) && Files.size(file) == entry.size() && Manifest.sha256(file).equals(entry.sha256());
    }

    private long download(String bucket, S3Object object) throws IOException {
        String path = pathOf(bucket, object.key());
        Path target = manifest.resolve(path);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest md5 = md5();
        MessageDigest sha256 = Manifest.sha256();
        long size = 0;
        String etag;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request -> request.bucket(bucket).key(object.key())
                .ifMatch(object.eTag()));
             OutputStream out = Files.newOutputStream(temporary)) {
            etag = in.response().eTag();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                md5.update(buffer, 0, read);
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                size += read;
            }
        } catch (IOException | SdkException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        String verification = verify(etag, object.size(), size, HexFormat.of().formatHex(md5.digest()));
        if (verification.startsWith("MISMATCH")) {
            Files.deleteIfExists(temporary);
            throw new IOException(verification);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        manifest.record(new Manifest.Entry(path, "s3", "s3://" + bucket + "/" + object.key(), null, Instant.now(), size,
                etag, HexFormat.of().formatHex(sha256.digest()), verification));
        return size;
    }

    /** Single-part ETags are the MD5 of the object; multipart ones (with -N) are not, so only the size is checked. */
    static String verify(@Nullable String etag, @Nullable Long listedSize, long size, String md5) {
        if (listedSize != null && listedSize != size) {
            return "MISMATCH: listed " + listedSize + " bytes, received " + size;
        }
        String bare = etag == null ? "" : etag.replace("\"", "");
        if (bare.contains("-")) {
            return "size only (multipart ETag " + bare + " is not an MD5)";
        }
        if (bare.length() == 32) {
            return bare.equalsIgnoreCase(md5) ? "md5 matches ETag" : "MISMATCH: ETag " + bare + ", MD5 of the bytes " + md5;
        }
        return "size only (ETag " + (bare.isEmpty() ? "missing" : bare) + " is not an MD5: SSE-KMS or SSE-C)";
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

}
