package dev.cloudsift.detect;

import dev.cloudsift.core.Nullable;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An IPv4 or IPv6 CIDR block; addresses are parsed as literals only (never resolved). */
record IpNetwork(String text, byte[] network, int prefixLength) {
    IpNetwork {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(network, "network");
    }

    static IpNetwork parse(String cidr) {
        String trimmed = cidr.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = addressBytes(address);
        if (bytes == null) {
            throw new RuleException("'" + cidr + "' is not an IPv4 or IPv6 CIDR block");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new RuleException("'" + cidr + "' has a prefix length outside 0.." + bits);
            }
        }
        return new IpNetwork(trimmed, mask(bytes, prefix), prefix);
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    /** First address of the block as an unsigned number. */
    BigInteger first() {
        return new BigInteger(1, network);
    }

    /** Last address of the block as an unsigned number. */
    BigInteger last() {
        return first().add(BigInteger.ONE.shiftLeft(network.length * 8 - prefixLength)).subtract(BigInteger.ONE);
    }

    boolean contains(@Nullable String value) {
        if (value == null) {
            return false;
        }
        byte[] bytes = addressBytes(value);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
        }
        return masked;
    }

    /** Bytes of a dotted-quad or IPv6 literal, or null; strict so that host names are never looked up. */
    static byte @Nullable [] addressBytes(String value) {
        // no trimming: the SQL evaluator does not trim either, and both must agree
        if (value.isEmpty() || value.length() > 45) {
            return null;
        }
        if (value.indexOf(':') < 0) {
            return ipv4(value);
        }
        // InetAddress parses a literal only when it starts with a hex digit or ':'; anything else it would look up
        if (value.charAt(0) == '.') {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F');
            if (!allowed) {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte @Nullable [] ipv4(String value) {
        byte[] bytes = new byte[4];
        int part = 0;
        int current = -1;
        int digits = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i == value.length() ? '.' : value.charAt(i);
            if (c == '.') {
                if (current < 0 || part > 3) {
                    return null;
                }
                bytes[part++] = (byte) current;
                current = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                current = (current < 0 ? 0 : current * 10) + (c - '0');
                if (current > 255 || ++digits > 3) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetwork that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
