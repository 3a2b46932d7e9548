package dev.cloudsift.core;

/** Recognises IP address literals without ever touching DNS. */
public final class IpAddresses {
    private IpAddresses() {}

    /** True for a dotted-quad IPv4 or an IPv6 literal (optionally with an embedded IPv4 tail). */
    public static boolean isIpAddress(@Nullable String text) {
        return text != null && (isIpv4(text) || isIpv6(text));
    }

    public static boolean isIpv4(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return false;
        }
        int parts = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= length; i++) {
            char c = i == length ? '.' : text.charAt(i);
            if (c == '.') {
                if (value < 0 || value > 255 || (digits > 1 && text.charAt(i - digits) == '0')) {
                    return false;
                }
                parts++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (digits > 3) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /** {@link #isIpv4(String)} of the ASCII text {@code bytes[from, to)}, read in place. */
    public static boolean isIpv4(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length < 7 || length > 15) {
            return false;
        }
        int parts = 0;
        int value = -1;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            int c = i == to ? '.' : bytes[i];
            if (c == '.') {
                if (value < 0 || value > 255 || (digits > 1 && bytes[i - digits] == '0')) {
                    return false;
                }
                parts++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (digits > 3) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    public static boolean isIpv6(String text) {
        int length = text.length();
        if (length < 2 || length > 45 || text.indexOf(':') < 0) {
            return false;
        }
        int zone = text.indexOf('%');
        String address = zone >= 0 ? text.substring(0, zone) : text;
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = address.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                count += 2;
                continue;
            }
            if (group.length() > 4) {
                return false;
            }
            for (int j = 0; j < group.length(); j++) {
                if (Character.digit(group.charAt(j), 16) < 0) {
                    return false;
                }
            }
            count++;
        }
        return doubleColon >= 0 ? count < 8 : count == 8;
    }
}
