package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.Nullable;

/** Where a message came from, as far as its log group and stream names tell (the agent names streams by instance). */
final class ResourceNames {
    private ResourceNames() {}

    /** The first EC2 instance id ({@code i-} and 8 or 17 hex digits) in the stream name, else in the group name. */
    static @Nullable String instanceId(@Nullable String logStream, @Nullable String logGroup) {
        String found = scan(logStream);
        return found != null ? found : scan(logGroup);
    }

    private static @Nullable String scan(@Nullable String name) {
        if (name == null) {
            return null;
        }
        int from = 0;
        while (true) {
            int at = name.indexOf("i-", from);
            if (at < 0) {
                return null;
            }
            if (at == 0 || !Character.isLetterOrDigit(name.charAt(at - 1))) {
                int end = at + 2;
                while (end < name.length() && isHex(name.charAt(end))) {
                    end++;
                }
                int digits = end - at - 2;
                boolean bounded = end == name.length() || !Character.isLetterOrDigit(name.charAt(end));
                if ((digits == 8 || digits == 17) && bounded) {
                    return name.substring(at, end);
                }
            }
            from = at + 2;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
