package dev.cloudsift.investigate;

import dev.cloudsift.core.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What an analyst's search value is: recognised by its shape, several kinds when the shape is ambiguous. */
public enum EntityKind {
    IP_ADDRESS("IP address"),
    ACCESS_KEY("access key"),
    ARN("ARN"),
    ACCOUNT("account"),
    INSTANCE("EC2 instance"),
    NETWORK_INTERFACE("network interface"),
    RESOURCE_ID("AWS resource id"),
    BUCKET("S3 bucket"),
    NAME("user or role session name");

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern INTERFACE_ID = Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern RESOURCE = Pattern.compile(
            "(sg|snap|ami|vol|vpc|subnet|igw|nat|rtb|acl|lt|eipalloc|pcx|tgw|vpce)-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern NAME_TEXT = Pattern.compile("[\\w+=,.@:-]{1,128}");

    private final String label;

    EntityKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Every kind the value could be, most specific first; empty when it is none (the caller says so). */
    public static List<EntityKind> recognise(String value) {
        List<EntityKind> kinds = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return kinds;
        }
        if (IpAddresses.isIpAddress(value)) {
            kinds.add(IP_ADDRESS);
            return kinds;
        }
        if (value.startsWith("arn:")) {
            kinds.add(ARN);
            return kinds;
        }
        if (ACCESS_KEY_ID.matcher(value).matches()) {
            kinds.add(ACCESS_KEY);
            return kinds;
        }
        if (ACCOUNT_ID.matcher(value).matches()) {
            kinds.add(ACCOUNT);
            return kinds;
        }
        if (INSTANCE_ID.matcher(value).matches()) {
            kinds.add(INSTANCE);
            return kinds;
        }
        if (INTERFACE_ID.matcher(value).matches()) {
            kinds.add(NETWORK_INTERFACE);
            return kinds;
        }
        if (RESOURCE.matcher(value).matches()) {
            kinds.add(RESOURCE_ID);
            return kinds;
        }
        if (BUCKET_NAME.matcher(value).matches()) {
            kinds.add(BUCKET);
        }
        if (NAME_TEXT.matcher(value).matches()) {
            kinds.add(NAME);
        }
        return kinds;
    }
}
