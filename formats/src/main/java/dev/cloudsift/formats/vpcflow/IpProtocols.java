package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.Nullable;

/** IANA protocol numbers seen in flow logs, by their keyword. */
public final class IpProtocols {
    private static final String[] NAMES = new String[256];

    static {
        NAMES[0] = "hopopt";
        NAMES[1] = "icmp";
        NAMES[2] = "igmp";
        NAMES[4] = "ipv4";
        NAMES[6] = "tcp";
        NAMES[17] = "udp";
        NAMES[41] = "ipv6";
        NAMES[43] = "ipv6-route";
        NAMES[44] = "ipv6-frag";
        NAMES[47] = "gre";
        NAMES[50] = "esp";
        NAMES[51] = "ah";
        NAMES[58] = "ipv6-icmp";
        NAMES[59] = "ipv6-nonxt";
        NAMES[60] = "ipv6-opts";
        NAMES[89] = "ospf";
        NAMES[103] = "pim";
        NAMES[112] = "vrrp";
        NAMES[132] = "sctp";
        NAMES[136] = "udplite";
    }

    private IpProtocols() {}

    /** The keyword of a protocol number, or null when it has none in our table. */
    public static @Nullable String name(int number) {
        return number >= 0 && number < NAMES.length ? NAMES[number] : null;
    }
}
