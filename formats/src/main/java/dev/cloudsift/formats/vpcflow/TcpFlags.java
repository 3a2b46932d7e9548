package dev.cloudsift.formats.vpcflow;

/**
 * Decodes the flow log {@code tcp-flags} value. Flow logs record only FIN (1), SYN (2), RST (4) and SYN-ACK (18),
 * OR-ed over the window, so 3 is FIN+SYN and 19 is FIN+SYN+ACK; bit 16 alone means ACK of a SYN-ACK.
 */
public final class TcpFlags {
    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private TcpFlags() {}

    /** Comma-separated flag names in bit order, e.g. {@code FIN,SYN,ACK} for 19; empty for 0. */
    public static String names(int flags) {
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
