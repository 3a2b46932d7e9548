package dev.cloudsift.investigate.movement;

/** The three ways data leaves a case's accounts that the logs can show. */
public enum MovementKind {
    /** Objects read from S3 (S3 server access logs and CloudTrail data events, each request once). */
    S3_READ("s3 read"),
    /** Bytes sent to public addresses (VPC flow logs, each connection once, where it leaves). */
    FLOW_EGRESS("flow egress"),
    /** A snapshot, image, bucket or database snapshot opened to an account outside the case, or to everyone. */
    SHARE("share");

    private final String label;

    MovementKind(String label) {
        this.label = label;
    }

    /** The name shown to analysts and written in every output format. */
    public String label() {
        return label;
    }
}
