package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The fields of a flow log record in their order: from a file's header line, from the AWS format string of the
 * flow log definition ({@code ${version} ${account-id} ...}), or one of the standard layouts AWS offers.
 * Immutable and thread-safe; build it once per file (or per log group) and reuse it for every line.
 */
public final class VpcFlowLayout {
    /** A header or format naming more fields than this is not a flow log layout. */
    public static final int MAX_FIELDS = 256;
    /** Longest field name we accept in a header or format string. */
    private static final int MAX_NAME_LENGTH = 64;

    private static final VpcFlowLayout DEFAULT_V2 = of(VpcFlowField.VERSION, VpcFlowField.ACCOUNT_ID,
            VpcFlowField.INTERFACE_ID, VpcFlowField.SRCADDR, VpcFlowField.DSTADDR, VpcFlowField.SRCPORT,
            VpcFlowField.DSTPORT, VpcFlowField.PROTOCOL, VpcFlowField.PACKETS, VpcFlowField.BYTES, VpcFlowField.START,
            VpcFlowField.END, VpcFlowField.ACTION, VpcFlowField.LOG_STATUS);

    /** Every VPC field up to a version, in AWS's table order: what "all fields" custom formats produce. */
    private static final List<VpcFlowLayout> ALL_VPC_FIELDS_UP_TO_VERSION = List.of(
            vpcFieldsUpTo(3), vpcFieldsUpTo(4), vpcFieldsUpTo(5), vpcFieldsUpTo(7), vpcFieldsUpTo(8));

    /** The default format of Transit Gateway flow logs. */
    private static final VpcFlowLayout TRANSIT_GATEWAY_DEFAULT = of(VpcFlowField.VERSION, VpcFlowField.RESOURCE_TYPE,
            VpcFlowField.ACCOUNT_ID, VpcFlowField.TGW_ID, VpcFlowField.TGW_ATTACHMENT_ID,
            VpcFlowField.TGW_SRC_VPC_ACCOUNT_ID, VpcFlowField.TGW_DST_VPC_ACCOUNT_ID, VpcFlowField.TGW_SRC_VPC_ID,
            VpcFlowField.TGW_DST_VPC_ID, VpcFlowField.TGW_SRC_SUBNET_ID, VpcFlowField.TGW_DST_SUBNET_ID,
            VpcFlowField.TGW_SRC_ENI, VpcFlowField.TGW_DST_ENI, VpcFlowField.TGW_SRC_AZ_ID, VpcFlowField.TGW_DST_AZ_ID,
            VpcFlowField.TGW_PAIR_ATTACHMENT_ID, VpcFlowField.SRCADDR, VpcFlowField.DSTADDR, VpcFlowField.SRCPORT,
            VpcFlowField.DSTPORT, VpcFlowField.PROTOCOL, VpcFlowField.PACKETS, VpcFlowField.BYTES, VpcFlowField.START,
            VpcFlowField.END, VpcFlowField.LOG_STATUS, VpcFlowField.TYPE, VpcFlowField.PACKETS_LOST_NO_ROUTE,
            VpcFlowField.PACKETS_LOST_BLACKHOLE, VpcFlowField.PACKETS_LOST_MTU_EXCEEDED,
            VpcFlowField.PACKETS_LOST_TTL_EXPIRED, VpcFlowField.TCP_FLAGS, VpcFlowField.REGION,
            VpcFlowField.FLOW_DIRECTION, VpcFlowField.PKT_SRC_AWS_SERVICE, VpcFlowField.PKT_DST_AWS_SERVICE);

    private final List<String> names;
    private final @Nullable VpcFlowField[] fields;
    private final int[] columns;
    private final int[] canonicalOrder;
    private final String[] canonicalNames;
    private final List<String> unknownNames;
    private final boolean hasTime;

    private VpcFlowLayout(List<String> names) {
        this.names = List.copyOf(names);
        this.fields = new VpcFlowField[names.size()];
        this.columns = new int[names.size()];
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            VpcFlowField field = VpcFlowField.byName(names.get(i));
            fields[i] = field;
            columns[i] = field == null ? -1 : VpcFlowTables.VPCFLOW.indexOf(field.column());
            if (field == null) {
                unknown.add(names.get(i));
            }
        }
        this.unknownNames = List.copyOf(unknown);
        // Known fields in enum order, then unknown ones by name: the same record delivered as text with a
        // header in another order, or as Parquet, gets the same dedupe key.
        Integer[] order = new Integer[names.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> fields[i] == null ? Integer.MAX_VALUE : fields[i].ordinal())
                .thenComparing(i -> names.get(i)));
        this.canonicalOrder = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        this.canonicalNames = new String[names.size()];
        for (int i = 0; i < canonicalNames.length; i++) {
            canonicalNames[i] = (fields[i] != null ? fields[i].awsName() : names.get(i).replace('_', '-')) + "=";
        }
        this.hasTime = indexOf(VpcFlowField.START) >= 0 || indexOf(VpcFlowField.END) >= 0;
    }

    /** The 14 fields of the default (version 2) format, the layout of every header-less CloudWatch record. */
    public static VpcFlowLayout defaultV2() {
        return DEFAULT_V2;
    }

    /** The default format of Transit Gateway flow logs (36 fields). */
    public static VpcFlowLayout transitGatewayDefault() {
        return TRANSIT_GATEWAY_DEFAULT;
    }

    /** A layout of known fields, in order. */
    public static VpcFlowLayout of(VpcFlowField... fields) {
        return new VpcFlowLayout(Arrays.stream(fields).map(VpcFlowField::awsName).toList());
    }

    /**
     * Parses a flow log format: the AWS format string ({@code ${version} ${account-id} ...}, as in the flow log
     * definition and the {@code vpcflow.format} option) or a header line ({@code version account-id ...}).
     * Unknown field names are kept (their values go to the {@code extra} column).
     *
     * @throws IllegalArgumentException naming what is wrong when the text is not a format
     */
    public static VpcFlowLayout parse(String format) {
        Objects.requireNonNull(format, "format");
        String[] tokens = format.strip().split("[ \t]+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw new IllegalArgumentException("empty flow log format: expected field names such as ${version} ${account-id}");
        }
        if (tokens.length > MAX_FIELDS) {
            throw new IllegalArgumentException("flow log format names " + tokens.length + " fields, more than " + MAX_FIELDS);
        }
        List<String> names = new ArrayList<>(tokens.length);
        for (String token : tokens) {
            String name = token;
            if (name.startsWith("${") && name.endsWith("}")) {
                name = name.substring(2, name.length() - 1);
            }
            if (!isFieldName(name)) {
                throw new IllegalArgumentException("not a flow log field name: '" + shorten(token)
                        + "' (expected ${name} or name made of letters, digits and '-')");
            }
            names.add(name);
        }
        return new VpcFlowLayout(names);
    }

    /**
     * A layout from column names of a typed container (Parquet), where names are not checked against the text
     * header syntax; {@code account_id} and {@code account-id} name the same field.
     *
     * @throws IllegalArgumentException when there are no names or more than {@link #MAX_FIELDS}
     */
    public static VpcFlowLayout ofNames(List<String> names) {
        if (names.isEmpty() || names.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("a flow log layout has 1 to " + MAX_FIELDS + " fields, not " + names.size());
        }
        return new VpcFlowLayout(names);
    }

    /** How many of the fields are fields we know. */
    public int knownFieldCount() {
        return size() - unknownNames.size();
    }

    /**
     * True when a line is a header: every token is a field name and most of them are fields we know. Data lines
     * always hold addresses, numbers or ids that a header cannot.
     */
    public static boolean isHeader(String line) {
        int first = 0;
        while (first < line.length() && (line.charAt(first) == ' ' || line.charAt(first) == '\t')) {
            first++;
        }
        if (first < line.length() && Character.isDigit(line.charAt(first))) {
            // a record's first field (the version) is a number, and no name starts with a digit: no token is cut
            return false;
        }
        int known = 0;
        int total = 0;
        int start = -1;
        int length = line.length();
        for (int i = 0; i <= length; i++) {
            char c = i == length ? ' ' : line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (start >= 0) {
                    String token = line.substring(start, i);
                    if (!isFieldName(token) || Character.isDigit(token.charAt(0)) || token.equals("-")) {
                        return false;
                    }
                    total++;
                    if (VpcFlowField.byName(token) != null) {
                        known++;
                    }
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return total > 0 && total <= MAX_FIELDS && known * 2 > total;
    }

    /**
     * The standard layout a header-less record is written in, recognised by its field count and value shapes:
     * the default format, "all fields" of a version (3, 4, 5, 7 or 8) in AWS's order, or the Transit Gateway
     * default. Null when none fits: such records need the flow log's format ({@code vpcflow.format}).
     */
    public static @Nullable VpcFlowLayout recognise(String line) {
        String[] tokens = VpcFlowRecords.split(line, MAX_FIELDS);
        if (tokens == null) {
            return null;
        }
        int count = tokens.length;
        if (count == TRANSIT_GATEWAY_DEFAULT.size() && TRANSIT_GATEWAY_DEFAULT.fits(tokens)) {
            return TRANSIT_GATEWAY_DEFAULT;
        }
        if (count == DEFAULT_V2.size()) {
            return DEFAULT_V2.fits(tokens) ? DEFAULT_V2 : null;
        }
        for (VpcFlowLayout layout : ALL_VPC_FIELDS_UP_TO_VERSION) {
            if (layout.size() == count && layout.fits(tokens)) {
                return layout;
            }
        }
        return null;
    }

    /** Whether every value has the shape its field requires (a cheap check used to recognise layouts). */
    boolean fits(String[] tokens) {
        if (tokens.length != fields.length) {
            return false;
        }
        boolean hasIdentity = false;
        for (int i = 0; i < tokens.length; i++) {
            VpcFlowField field = fields[i];
            String value = tokens[i];
            if (field == null || value.equals("-")) {
                continue;
            }
            boolean fits = switch (field) {
                case VERSION, START, END -> isDigits(value, 12);
                case ACCOUNT_ID -> isDigits(value, 12) || value.equals("unknown");
                case INTERFACE_ID -> value.startsWith("eni-");
                case TGW_ID -> value.startsWith("tgw-");
                case RESOURCE_TYPE -> value.startsWith("TransitGateway");
                case SRCADDR, DSTADDR, PKT_SRCADDR, PKT_DSTADDR -> IpAddresses.isIpAddress(value);
                case SRCPORT, DSTPORT, PROTOCOL, TCP_FLAGS, TRAFFIC_PATH -> isDigits(value, 5);
                case PACKETS, BYTES -> isDigits(value, 19);
                case ACTION -> value.equals("ACCEPT") || value.equals("REJECT");
                case LOG_STATUS -> value.equals("OK") || value.equals("NODATA") || value.equals("SKIPDATA");
                case VPC_ID -> value.startsWith("vpc-");
                case SUBNET_ID -> value.startsWith("subnet-");
                case INSTANCE_ID -> value.startsWith("i-");
                case TYPE -> value.equals("IPv4") || value.equals("IPv6") || value.equals("EFA");
                case FLOW_DIRECTION -> value.equals("ingress") || value.equals("egress");
                default -> true;
            };
            if (!fits) {
                return false;
            }
            if (field == VpcFlowField.VERSION || field == VpcFlowField.START) {
                hasIdentity = true;
            }
        }
        return hasIdentity;
    }

    private static VpcFlowLayout vpcFieldsUpTo(int version) {
        return of(Arrays.stream(VpcFlowField.values())
                .filter(field -> field.version() <= version && field.version() != 6)
                .toArray(VpcFlowField[]::new));
    }

    private static boolean isFieldName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    /** Number of fields per record. */
    public int size() {
        return names.size();
    }

    /** Field names as written in the header or format. */
    public List<String> names() {
        return names;
    }

    /** Names this version does not know; their values are kept in the {@code extra} column. */
    public List<String> unknownNames() {
        return unknownNames;
    }

    /** Position of a field, or -1 when the layout lacks it. */
    public int indexOf(VpcFlowField field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == field) {
                return i;
            }
        }
        return -1;
    }

    /** The AWS format string of this layout, {@code ${version} ${account-id} ...}. */
    public String formatString() {
        return names.stream().map(name -> "${" + name + "}").collect(Collectors.joining(" "));
    }

    @Nullable VpcFlowField field(int slot) {
        return fields[slot];
    }

    int column(int slot) {
        return columns[slot];
    }

    int[] canonicalOrder() {
        return canonicalOrder;
    }

    /** {@code name=} per slot, the same for a header name and its Parquet spelling. */
    String canonicalName(int slot) {
        return canonicalNames[slot];
    }

    /** Whether records carry start or end: without them identical records of different windows cannot be told apart. */
    boolean hasTime() {
        return hasTime;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VpcFlowLayout layout && layout.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return String.join(" ", names);
    }
}
