package dev.cloudsift.formats.cloudwatch;

import dev.cloudsift.core.IpAddresses;
import dev.cloudsift.core.Nullable;
import dev.cloudsift.core.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who did what on a Linux host, read from one sshd, sudo, su or account-management syslog line.
 *
 * @param action    e.g. {@code ssh_login}, {@code ssh_failed_login}, {@code sudo}, {@code user_created}
 * @param principal the user the line is about (the one logging in, running sudo, being created)
 * @param details   further fields by name (target_user, command, tty, pwd, method, ...), for the parsed column
 */
record HostActivity(String action, Outcome outcome, @Nullable String principal, @Nullable String sourceIp,
        @Nullable Integer sourcePort, Map<String, String> details) {

    HostActivity {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = immutable(details);
    }

    /**
     * An immutable copy of the details. Most lines have none or one: those take no table and no array of entries, which
     * {@link Map#copyOf} builds for any map it did not make itself (a cost of every host line in ingest profiles).
     */
    private static Map<String, String> immutable(Map<String, String> details) {
        if (details.isEmpty()) {
            return Map.of();
        }
        if (details.size() == 1) {
            Map.Entry<String, String> only = details.entrySet().iterator().next();
            return Map.of(only.getKey(), only.getValue());
        }
        return Map.copyOf(details);
    }

    private static final Pattern SSH_AUTH = Pattern.compile(
            "^(Accepted|Failed) (\\S+) for (invalid user )?(\\S*) from (\\S+) port (\\d{1,5})");
    private static final Pattern SSH_INVALID_USER = Pattern.compile(
            "^Invalid user (\\S*) from (\\S+)(?: port (\\d{1,5}))?");
    private static final Pattern SSH_MAX_ATTEMPTS = Pattern.compile(
            "^error: maximum authentication attempts exceeded for (invalid user )?(\\S*) from (\\S+) port (\\d{1,5})");
    private static final Pattern SSH_CLOSED_USER = Pattern.compile(
            "^(Connection closed|Disconnected) (?:by|from) (authenticating user|invalid user|user) (\\S*) (\\S+) port (\\d{1,5})");
    private static final Pattern SSH_CLOSED = Pattern.compile(
            "^(Connection closed by|Disconnected from|Received disconnect from|Connection reset by) (\\S+) port (\\d{1,5})");
    private static final Pattern PAM_SESSION = Pattern.compile(
            "^pam_unix\\(([a-z-]+):session\\): session (opened|closed) for user (\\S+?)(?:\\(uid=\\d+\\))?(?: by (\\S*?)(?:\\(uid=\\d+\\))?)?$");
    private static final Pattern PAM_AUTH_FAILURE = Pattern.compile(
            "^pam_unix\\(([a-z-]+):auth\\): authentication failure;(.*)$");
    private static final Pattern PAM_MORE_FAILURES = Pattern.compile(
            "^PAM \\d+ more authentication failures?;(.*)$");
    private static final Pattern SU_TO = Pattern.compile("^(FAILED SU )?\\(to (\\S+)\\) (\\S+) on (\\S+)");
    private static final Pattern SU_BY = Pattern.compile("^(Successful|FAILED) su for (\\S+) by (\\S+)");
    private static final Pattern NEW_USER = Pattern.compile("^new user: name=([^,]+),(.*)$");
    private static final Pattern NEW_GROUP = Pattern.compile("^(?:new group|group added to \\S+): name=([^,]+),(.*)$");
    private static final Pattern ADD_TO_GROUP = Pattern.compile("^add '([^']+)' to (?:shadow )?group '([^']+)'");
    private static final Pattern DELETE_USER = Pattern.compile("^delete user '([^']+)'");
    private static final Pattern REMOVE_GROUP = Pattern.compile("^(?:removed|remove) group '([^']+)'");
    private static final Pattern CHANGE_USER = Pattern.compile("^(change|lock|unlock) user '([^']+)' (\\S+)");
    /** Compiled once: String.split compiles a separator of more than one character on every call. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern PASSWORD_CHANGED = Pattern.compile(
            "^pam_unix\\([a-z-]+:chauthtok\\): password changed for (\\S+)");

    /** The kind stored in {@code cloudwatch.kind} for a program, or null when the program is not one we read. */
    static @Nullable String kindOf(String program) {
        return switch (program) {
            case "sshd", "sshd-session" -> "sshd";
            case "sudo" -> "sudo";
            case "su" -> "su";
            case "useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel", "gpasswd", "passwd", "chpasswd" ->
                    "useradd";
            default -> null;
        };
    }

    /** What the line says happened, or null when the line is not one of the recognised texts. */
    static @Nullable HostActivity recognise(String kind, String text) {
        return switch (kind) {
            case "sshd" -> ssh(text);
            case "sudo" -> sudo(text);
            case "su" -> su(text);
            case "useradd" -> accounts(text);
            default -> null;
        };
    }

    private static @Nullable HostActivity ssh(String text) {
        // Every pattern is anchored at the start, so a line only goes to the regexes whose opening literal it
        // has: most sshd lines match one pattern or none, and each refused regex cost a scan of the line.
        Matcher m = text.startsWith("Accepted ") || text.startsWith("Failed ") ? SSH_AUTH.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            boolean accepted = m.group(1).equals("Accepted");
            Map<String, String> details = new LinkedHashMap<>();
            details.put("method", m.group(2));
            if (m.group(3) != null) {
                details.put("invalid_user", "true");
            }
            return network(accepted ? "ssh_login" : "ssh_failed_login", accepted ? Outcome.SUCCESS : Outcome.FAILURE,
                    m.group(4), m.group(5), m.group(6), details);
        }
        m = text.startsWith("Invalid user ") ? SSH_INVALID_USER.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            return network("ssh_invalid_user", Outcome.FAILURE, m.group(1), m.group(2), m.group(3), Map.of());
        }
        m = text.startsWith("error: maximum ") ? SSH_MAX_ATTEMPTS.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            Map<String, String> details = m.group(1) == null ? Map.of() : Map.of("invalid_user", "true");
            return network("ssh_failed_login", Outcome.FAILURE, m.group(2), m.group(3), m.group(4), details);
        }
        boolean closing = text.startsWith("Connection ") || text.startsWith("Disconnected ")
                || text.startsWith("Received disconnect ");
        m = closing ? SSH_CLOSED_USER.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("stage", text.endsWith("[preauth]") ? "preauth" : "session");
            if (m.group(2).equals("invalid user")) {
                details.put("invalid_user", "true");
            }
            String action = m.group(1).equals("Connection closed") ? "ssh_connection_closed" : "ssh_disconnect";
            return network(action, Outcome.UNKNOWN, m.group(3), m.group(4), m.group(5), details);
        }
        m = closing ? SSH_CLOSED.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            String action = m.group(1).startsWith("Connection") ? "ssh_connection_closed" : "ssh_disconnect";
            return network(action, Outcome.UNKNOWN, null, m.group(2), m.group(3),
                    Map.of("stage", text.contains("[preauth]") ? "preauth" : "session"));
        }
        m = text.startsWith("pam_unix(") ? PAM_SESSION.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            boolean opened = m.group(2).equals("opened");
            return new HostActivity(opened ? "ssh_session_opened" : "ssh_session_closed", Outcome.SUCCESS,
                    m.group(3), null, null, Map.of());
        }
        HostActivity failure = pamFailure(text, "ssh_failed_login");
        return failure;
    }

    private static @Nullable HostActivity sudo(String text) {
        String trimmed = text.strip();
        int colon = trimmed.indexOf(" : ");
        if (colon > 0 && trimmed.indexOf(' ') >= colon) {
            String user = trimmed.substring(0, colon);
            Map<String, String> details = new LinkedHashMap<>();
            String reason = null;
            String rest = trimmed.substring(colon + 3);
            int command = rest.indexOf("COMMAND=");
            String fields = command < 0 ? rest : rest.substring(0, command);
            // The " ; "-separated fields, found with indexOf (a split builds a list and an array per line); empty
            // fields are skipped, so the pieces a split would have dropped change nothing.
            for (int from = 0, to; from <= fields.length(); from = to + 3) {
                int separator = fields.indexOf(" ; ", from);
                to = separator < 0 ? fields.length() : separator;
                String segment = fields.substring(from, to).strip();
                int equals = segment.indexOf('=');
                if (segment.isEmpty()) {
                    continue;
                }
                if (equals > 0 && allUpperCase(segment, equals)) {
                    String key = segment.substring(0, equals);
                    String value = segment.substring(equals + 1);
                    details.put(sudoKey(key), value);
                } else {
                    reason = segment;
                }
            }
            if (command >= 0) {
                details.put("command", rest.substring(command + "COMMAND=".length()));
            }
            if (!details.containsKey("command") && !details.containsKey("tty") && reason == null) {
                return null;
            }
            if (reason != null) {
                details.put("reason", reason);
            }
            return new HostActivity("sudo", reason == null ? Outcome.SUCCESS : Outcome.FAILURE, user, null, null,
                    details);
        }
        Matcher m = trimmed.startsWith("pam_unix(") ? PAM_SESSION.matcher(trimmed) : null;
        if (m != null && m.lookingAt() && m.group(2).equals("opened")) {
            return new HostActivity("sudo_session", Outcome.SUCCESS, m.group(4), null, null,
                    Map.of("target_user", m.group(3)));
        }
        return pamFailure(trimmed, "sudo");
    }

    private static @Nullable HostActivity su(String text) {
        Matcher m = text.startsWith("(to ") || text.startsWith("FAILED SU ") ? SU_TO.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            return new HostActivity("su", m.group(1) == null ? Outcome.SUCCESS : Outcome.FAILURE, m.group(3), null,
                    null, Map.of("target_user", m.group(2), "tty", m.group(4)));
        }
        m = text.startsWith("Successful su ") || text.startsWith("FAILED su ") ? SU_BY.matcher(text) : null;
        if (m != null && m.lookingAt()) {
            return new HostActivity("su", m.group(1).equals("Successful") ? Outcome.SUCCESS : Outcome.FAILURE,
                    m.group(3), null, null, Map.of("target_user", m.group(2)));
        }
        m = text.startsWith("pam_unix(") ? PAM_SESSION.matcher(text) : null;
        if (m != null && m.lookingAt() && m.group(2).equals("opened")) {
            return new HostActivity("su", Outcome.SUCCESS, m.group(4), null, null, Map.of("target_user", m.group(3)));
        }
        return pamFailure(text, "su");
    }

    private static @Nullable HostActivity accounts(String text) {
        Matcher m = NEW_USER.matcher(text);
        if (m.lookingAt()) {
            Map<String, String> details = keyValues(m.group(2));
            return new HostActivity("user_created", Outcome.SUCCESS, m.group(1), null, null, details);
        }
        m = NEW_GROUP.matcher(text);
        if (m.lookingAt()) {
            Map<String, String> details = keyValues(m.group(2));
            details.put("group", m.group(1));
            return new HostActivity("group_created", Outcome.SUCCESS, null, null, null, details);
        }
        m = ADD_TO_GROUP.matcher(text);
        if (m.lookingAt()) {
            return new HostActivity("user_added_to_group", Outcome.SUCCESS, m.group(1), null, null,
                    Map.of("group", m.group(2)));
        }
        m = DELETE_USER.matcher(text);
        if (m.lookingAt()) {
            return new HostActivity("user_deleted", Outcome.SUCCESS, m.group(1), null, null, Map.of());
        }
        m = REMOVE_GROUP.matcher(text);
        if (m.lookingAt()) {
            return new HostActivity("group_deleted", Outcome.SUCCESS, null, null, null, Map.of("group", m.group(1)));
        }
        m = PASSWORD_CHANGED.matcher(text);
        if (m.lookingAt()) {
            return new HostActivity("password_changed", Outcome.SUCCESS, m.group(1), null, null, Map.of());
        }
        m = CHANGE_USER.matcher(text);
        if (m.lookingAt()) {
            String what = m.group(3);
            String action = what.equals("password") && m.group(1).equals("change") ? "password_changed" : "user_modified";
            return new HostActivity(action, Outcome.SUCCESS, m.group(2), null, null,
                    Map.of("change", m.group(1) + " " + what));
        }
        return null;
    }

    /** {@code pam_unix(svc:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=IP user=NAME}. */
    private static @Nullable HostActivity pamFailure(String text, String action) {
        Matcher m = text.startsWith("pam_unix(") ? PAM_AUTH_FAILURE.matcher(text) : null;
        String fields;
        if (m != null && m.lookingAt()) {
            fields = m.group(2);
        } else {
            m = text.startsWith("PAM ") ? PAM_MORE_FAILURES.matcher(text) : null;
            if (m == null || !m.lookingAt()) {
                return null;
            }
            fields = m.group(1);
        }
        Map<String, String> pam = spaceKeyValues(fields);
        String user = firstNonEmpty(pam.get("user"), pam.get("ruser"), pam.get("logname"));
        Map<String, String> details = new LinkedHashMap<>();
        if (action.equals("su") || action.equals("sudo")) {
            // For su and sudo the PAM "user" is the target; the person asking is ruser or logname.
            user = firstNonEmpty(pam.get("ruser"), pam.get("logname"), pam.get("user"));
            if (pam.get("user") != null && !pam.get("user").isEmpty()) {
                details.put("target_user", pam.get("user"));
            }
        }
        if (pam.get("tty") != null && !pam.get("tty").isEmpty()) {
            details.put("tty", pam.get("tty"));
        }
        String host = pam.get("rhost");
        return new HostActivity(action, Outcome.FAILURE, user,
                host != null && IpAddresses.isIpAddress(host) ? host : null, null, details);
    }

    private static HostActivity network(String action, Outcome outcome, @Nullable String user, String address,
            @Nullable String port, Map<String, String> details) {
        String ip = IpAddresses.isIpAddress(address) ? address : null;
        Map<String, String> all = details;
        if (ip == null) {
            all = new LinkedHashMap<>(details);
            all.put("remote_host", address);
        }
        return new HostActivity(action, outcome, user == null || user.isEmpty() ? null : user, ip,
                port == null ? null : Integer.valueOf(port), all);
    }

    /** {@code , UID=1001, GID=1001, home=/home/bob} into a map with lower-case keys. */
    private static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                values.put(part.substring(0, equals).strip().toLowerCase(java.util.Locale.ROOT),
                        part.substring(equals + 1).strip());
            }
        }
        return values;
    }

    /** PAM's {@code key=value key=value} list, where a value may be empty. */
    private static Map<String, String> spaceKeyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : WHITESPACE.split(text.strip())) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                values.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return values;
    }

    /** The details key of a sudo field: lower case, USER as target_user; the usual ones without lower-casing. */
    private static String sudoKey(String field) {
        return switch (field) {
            case "USER" -> "target_user";
            case "TTY" -> "tty";
            case "PWD" -> "pwd";
            default -> field.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Whether the first {@code end} characters are all upper case, as sudo's field names are. */
    private static boolean allUpperCase(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isUpperCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String firstNonEmpty(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
