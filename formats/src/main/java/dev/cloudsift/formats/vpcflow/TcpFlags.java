package dev.cloudsift.formats.vpcflow;

/**
 * Decodes the flow log {@code tcp-flags} value. Flow logs record only FIN (1), SYN (2), RST (4) and SYN-ACK (18),
 * OR-ed over the window, so 3 is FIN+SYN and 19 is FIN+SYN+ACK; bit 16 alone means ACK of a SYN-ACK.
 */
public final class TcpFlags {
    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    /**
     * The names of every combination of the eight bits, made once: built per record with a StringBuilder they were a
     * cost of every flow line, and a bulky part of the compiled line mapper.
     */
    private static final String[] COMBINATIONS = new String[1 << NAMES.length];

    static {
        for (int flags = 0; flags < COMBINATIONS.length; flags++) {
            COMBINATIONS[flags] = build(flags);
        }
    }

    private TcpFlags() {}

    /** Comma-separated flag names in bit order, e.g. {@code FIN,SYN,ACK} for 19; empty for 0. */
    public static String names(int flags) {
        // bits above the eighth name no flag
        return COMBINATIONS[flags & (COMBINATIONS.length - 1)];
    }

    private static String build(int flags) {
        StringBuilder names = new StringBuilder();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                if (names.length() > 0) {
                    names.append(',');
                }
                names.append(NAMES[bit]);
            }
        }
        return names.toString();
    }
}
