package dev.cloudsift.investigate.movement;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.store.CaseStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What data left the case's accounts: S3 objects read (each request once, across S3 access logs and CloudTrail
 * data events), bytes sent to public addresses (each flow connection once, where it leaves), and resources shared
 * to foreign accounts or to everyone. Rows are grouped by principal, access key, source address, resource and
 * destination; the totals per kind are computed over the same filtered records, so distinct objects and
 * connections are exact rather than summed.
 */
public final class Movement {
    private final MovementFilter filter;
    private final List<MovementRow> s3Reads;
    private final @Nullable MovementRow s3Total;
    private final List<MovementRow> flowEgress;
    private final @Nullable MovementRow flowTotal;
    private final List<MovementRow> shares;
    private final Map<String, String> natInterfaces;

    private Movement(MovementFilter filter, Totalled s3, Totalled flow, List<MovementRow> shares,
            Map<String, String> natInterfaces) {
        this.filter = filter;
        this.s3Reads = s3.rows();
        this.s3Total = s3.total();
        this.flowEgress = flow.rows();
        this.flowTotal = flow.total();
        this.shares = List.copyOf(shares);
        this.natInterfaces = Map.copyOf(natInterfaces);
    }

    /** The movement in a case, narrowed by the filter. */
    public static Movement of(CaseStore store, MovementFilter filter) throws SQLException {
        return of(store.connection(), filter);
    }

    /** The movement over a case connection, narrowed by the filter. */
    public static Movement of(Connection connection, MovementFilter filter) throws SQLException {
        Objects.requireNonNull(filter, "filter");
        Map<String, String> nat = FlowEgress.natInterfaces(connection);
        return new Movement(filter, S3Reads.read(connection, filter), FlowEgress.read(connection, filter, nat.keySet()),
                ForeignShares.read(connection, filter), nat);
    }

    public MovementFilter filter() {
        return filter;
    }

    /** Every row: S3 reads, then flow egress, then shares, each by bytes (largest first). */
    public List<MovementRow> rows() {
        List<MovementRow> rows = new ArrayList<>(s3Reads);
        rows.addAll(flowEgress);
        rows.addAll(shares);
        return rows;
    }

    public List<MovementRow> s3Reads() {
        return s3Reads;
    }

    public List<MovementRow> flowEgress() {
        return flowEgress;
    }

    public List<MovementRow> shares() {
        return shares;
    }

    /** S3 reads in total: requests, distinct objects, bytes, first and last; null when there were none. */
    public @Nullable MovementRow s3Total() {
        return s3Total;
    }

    /** Flow egress in total: connections, bytes, first and last; null when there was none. */
    public @Nullable MovementRow flowTotal() {
        return flowTotal;
    }

    /** Interfaces recognised as NAT gateways (whose translated copies of egress are not counted), with how. */
    public Map<String, String> natInterfaces() {
        return natInterfaces;
    }

    public boolean isEmpty() {
        return s3Reads.isEmpty() && flowEgress.isEmpty() && shares.isEmpty();
    }

    /**
     * The answer to "what left" in one line, e.g. {@code S3: 2,028 objects, 226,113,652 bytes (215.6 MiB) read;
     * 3,200,349,800 bytes (3.0 GiB) sent to public addresses in 3 connections; shared to account 999988887777}.
     * Log text (account ids from request parameters) is included as is: escape it for the medium.
     */
    public String oneLine() {
        List<String> parts = new ArrayList<>();
        if (s3Total != null) {
            parts.add("S3: " + MovementSizes.exact(s3Total.objects() == null ? 0 : s3Total.objects()) + " objects, "
                    + MovementSizes.bytes(s3Total.bytes()) + " read");
        }
        if (flowTotal != null) {
            parts.add(MovementSizes.bytes(flowTotal.bytes()) + " sent to public addresses in " + flowTotal.requests()
                    + (flowTotal.requests() == 1 ? " connection" : " connections"));
        }
        if (!shares.isEmpty()) {
            java.util.Set<String> recipients = new java.util.LinkedHashSet<>();
            shares.forEach(row -> recipients.add(row.destination()));
            parts.add("shared to " + String.join(", ", recipients));
        }
        return parts.isEmpty() ? "nothing read or sent out in the logs" : String.join("; ", parts);
    }

    /** Bytes read from S3 plus bytes sent to public addresses. */
    public long totalBytes() {
        return (s3Total == null || s3Total.bytes() == null ? 0 : s3Total.bytes())
                + (flowTotal == null || flowTotal.bytes() == null ? 0 : flowTotal.bytes());
    }

    /**
     * Per destination (the address S3 data went to, the public address of flow egress, the account a resource was
     * shared to): bytes, requests and kinds, largest first. Bytes add exactly since each request or connection is in
     * one row.
     */
    public List<Destination> byDestination() {
        Map<String, Destination> destinations = new LinkedHashMap<>();
        for (MovementRow row : rows()) {
            String name = row.destination() == null ? "(unknown)" : row.destination();
            Destination next = new Destination(name, row.bytes() == null ? 0 : row.bytes(), row.requests(),
                    List.of(row.kind()));
            destinations.merge(name, next, Destination::plus);
        }
        List<Destination> list = new ArrayList<>(destinations.values());
        list.sort(Comparator.comparingLong(Destination::bytes).reversed().thenComparing(Destination::name));
        return list;
    }

    /** One destination's totals across kinds. */
    public record Destination(String name, long bytes, long requests, List<MovementKind> kinds) {
        public Destination {
            Objects.requireNonNull(name, "name");
            kinds = List.copyOf(kinds);
        }

        Destination plus(Destination other) {
            List<MovementKind> merged = new ArrayList<>(kinds);
            for (MovementKind kind : other.kinds) {
                if (!merged.contains(kind)) {
                    merged.add(kind);
                }
            }
            return new Destination(name, bytes + other.bytes, requests + other.requests, merged);
        }
    }
}
