package dev.cloudsift.investigate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL predicate over {@code events} that finds the rows touching one entity, with its parameters.
 * Built from the recognised kinds so that a single scan of {@code events} answers for every source.
 */
public record EntityMatch(String value, List<EntityKind> kinds, String predicate, List<String> parameters,
        List<Branch> branches) {
    public EntityMatch {
        Objects.requireNonNull(value, "value");
        kinds = List.copyOf(kinds);
        Objects.requireNonNull(predicate, "predicate");
        parameters = List.copyOf(parameters);
        branches = List.copyOf(branches);
    }

    /** One simple condition of the predicate, on one column, with its parameter. */
    public record Branch(String condition, String parameter) {
        public Branch {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(parameter, "parameter");
        }
    }

    /**
     * SQL selecting {@code columns} (which must include {@code row_id}) of the matching events: one scan of
     * {@code events} for the conditions on its own columns, ORed, and a UNION with the rows the entity index lists.
     * DuckDB reads the condition columns of every row once, where a UNION of one SELECT per condition scanned the case
     * once per condition (four times for an ARN); the other columns are decoded where a row group holds a match either
     * way. The parameters, in order, are {@link #branchParameters()}.
     */
    public String unionSql(String columns) {
        StringBuilder scan = new StringBuilder();
        StringBuilder lookups = new StringBuilder();
        for (Branch branch : branches) {
            StringBuilder into = isLookup(branch) ? lookups : scan;
            into.append(into.length() == 0 ? "" : " OR ").append('(').append(branch.condition()).append(')');
        }
        StringBuilder sql = new StringBuilder();
        for (StringBuilder conditions : List.of(scan, lookups)) {
            if (conditions.length() > 0) {
                sql.append(sql.length() == 0 ? "" : " UNION ").append("SELECT ").append(columns).append(" FROM events WHERE ")
                        .append(conditions);
            }
        }
        return sql.toString();
    }

    public List<String> branchParameters() {
        List<String> ordered = new ArrayList<>();
        branches.stream().filter(branch -> !isLookup(branch)).forEach(branch -> ordered.add(branch.parameter()));
        branches.stream().filter(EntityMatch::isLookup).forEach(branch -> ordered.add(branch.parameter()));
        return ordered;
    }

    /** A condition that looks row ids up in another table rather than testing a column of the row. */
    private static boolean isLookup(Branch branch) {
        return branch.condition().startsWith("row_id IN (");
    }

    /** Whether the entity is rare enough that copying its rows aside is cheaper than filtering every pass. */
    public boolean selective() {
        return !kinds.contains(EntityKind.ACCOUNT);
    }

    /**
     * @throws IllegalArgumentException when the value has no shape Cloudsift knows
     */
    public static EntityMatch of(String value) {
        String text = value == null ? "" : value.strip();
        List<EntityKind> kinds = EntityKind.recognise(text);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address, access key id, ARN, account id,"
                    + " instance id, ENI, bucket, user or session name");
        }
        List<String> parts = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        List<Branch> branches = new ArrayList<>();
        for (EntityKind kind : kinds) {
            switch (kind) {
                case IP_ADDRESS -> {
                    parts.add("src_ip = ? OR dst_ip = ?");
                    parameters.add(text);
                    parameters.add(text);
                }
                case ACCESS_KEY -> {
                    parts.add("access_key_id = ?");
                    parameters.add(text);
                }
                case ARN -> {
                    // A role ARN also stands for every session of that role (assumed-role principals).
                    parts.add("principal = ? OR resource = ? OR starts_with(resource, ?) OR starts_with(principal, ?)");
                    parameters.add(text);
                    parameters.add(text);
                    parameters.add(text + "/");
                    parameters.add(assumedRolePrefix(text));
                }
                case ACCOUNT -> {
                    parts.add("account_id = ?");
                    parameters.add(text);
                }
                case RESOURCE_ID -> {
                    parts.add("resource = ? OR contains(resource, ?)");
                    parameters.add(text);
                    parameters.add(text);
                }
                case INSTANCE, NETWORK_INTERFACE -> {
                    parts.add("contains(resource, ?) OR ends_with(principal, ?)");
                    parameters.add(text);
                    parameters.add("/" + text);
                }
                case BUCKET -> {
                    parts.add("resource = ? OR starts_with(resource, ?) OR starts_with(resource, ?)");
                    parameters.add(text);
                    parameters.add(text + "/");
                    parameters.add("arn:aws:s3:::" + text);
                }
                case NAME -> {
                    parts.add("principal = ? OR ends_with(principal, ?) OR contains(principal, ?)");
                    parameters.add(text);
                    parameters.add("/" + text);
                    parameters.add("/" + text + "/");
                }
            }
        }
        StringBuilder predicate = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            predicate.append(i == 0 ? "" : " OR ").append('(').append(parts.get(i)).append(')');
        }
        predicate.append(')');
        // every part is "c1 OR c2 ..." with one parameter per condition, in order
        int next = 0;
        for (String part : parts) {
            for (String condition : part.split(" OR ")) {
                branches.add(new Branch(condition, parameters.get(next++)));
            }
        }
        return new EntityMatch(text, kinds, predicate.toString(), parameters, branches);
    }

    /** The kinds whose values records also name inside request parameters, responses and Config items. */
    private static final List<EntityKind> INDEXED = List.of(EntityKind.ACCOUNT, EntityKind.ACCESS_KEY, EntityKind.INSTANCE,
            EntityKind.NETWORK_INTERFACE, EntityKind.RESOURCE_ID);

    /**
     * This match plus the records the entity index (written at ingest, {@code entity_index}) lists for the value: the
     * foreign account a snapshot was shared with, a security group in a Config item. Only for the kinds the index holds.
     */
    public EntityMatch withIndex() {
        if (kinds.stream().noneMatch(INDEXED::contains)) {
            return this;
        }
        String condition = "row_id IN (SELECT row_id FROM entity_index WHERE entity = ?)";
        List<Branch> more = new ArrayList<>(branches);
        more.add(new Branch(condition, value));
        List<String> moreParameters = new ArrayList<>(parameters);
        moreParameters.add(value);
        return new EntityMatch(value, kinds, "(" + predicate + " OR (" + condition + "))", moreParameters, more);
    }

    /** {@code arn:aws:iam::1:role/path/Name} → {@code arn:aws:sts::1:assumed-role/Name/}; other ARNs match nothing more. */
    private static String assumedRolePrefix(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("iam") && parts[5].startsWith("role/")) {
            String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
            return "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/";
        }
        return arn + "\u0000never";
    }

    /** Sets the parameters on a statement starting at {@code firstIndex}; returns the next free index. */
    public int bind(java.sql.PreparedStatement statement, int firstIndex) throws java.sql.SQLException {
        int index = firstIndex;
        for (String parameter : parameters) {
            statement.setString(index++, parameter);
        }
        return index;
    }

    public String kindLabels() {
        return String.join(" or ", kinds.stream().map(EntityKind::label).toList());
    }
}
