package dev.cloudsift.report.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads MITRE ATT&CK out of Sigma tags ({@code attack.t1562.008}, {@code attack.defense_evasion}). Sigma names
 * tactics by their short name, so the enterprise tactics' ids are listed here (they have not changed since
 * ATT&CK v7).
 */
public final class AttackTags {
    private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
    private static final Pattern TACTIC_ID = Pattern.compile("ta\\d{4}");
    static final Map<String, String> TACTICS = Map.ofEntries(
            Map.entry("reconnaissance", "TA0043"), Map.entry("resource_development", "TA0042"),
            Map.entry("initial_access", "TA0001"), Map.entry("execution", "TA0002"),
            Map.entry("persistence", "TA0003"), Map.entry("privilege_escalation", "TA0004"),
            Map.entry("defense_evasion", "TA0005"), Map.entry("credential_access", "TA0006"),
            Map.entry("discovery", "TA0007"), Map.entry("lateral_movement", "TA0008"),
            Map.entry("collection", "TA0009"), Map.entry("command_and_control", "TA0011"),
            Map.entry("exfiltration", "TA0010"), Map.entry("impact", "TA0040"));

    private AttackTags() {}

    /** Technique ids (upper case, sub-technique kept) in tag order, without duplicates. */
    public static List<String> techniques(List<String> tags) {
        Set<String> ids = new LinkedHashSet<>();
        for (String tag : tags) {
            String name = attackName(tag);
            if (name != null && TECHNIQUE.matcher(name).matches()) {
                ids.add(name.toUpperCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(ids);
    }

    /** Tactics as id → name ({@code TA0005} → {@code Defense Evasion}), in tag order. */
    public static Map<String, String> tactics(List<String> tags) {
        Map<String, String> tactics = new java.util.LinkedHashMap<>();
        for (String tag : tags) {
            String name = attackName(tag);
            if (name == null) {
                continue;
            }
            String key = name.replace('-', '_');
            if (TACTICS.containsKey(key)) {
                tactics.put(TACTICS.get(key), title(key));
            } else if (TACTIC_ID.matcher(name).matches()) {
                String id = name.toUpperCase(Locale.ROOT);
                String known = TACTICS.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                tactics.putIfAbsent(id, known == null ? null : title(known));
            }
        }
        return tactics;
    }

    /** Technique ids then tactic ids. */
    public static List<String> ids(List<String> tags) {
        List<String> ids = new ArrayList<>(techniques(tags));
        ids.addAll(tactics(tags).keySet());
        return ids;
    }

    private static String attackName(String tag) {
        String lower = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("attack.") ? lower.substring("attack.".length()) : null;
    }

    private static String title(String key) {
        StringBuilder out = new StringBuilder();
        for (String word : key.split("_")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(word.equals("and") ? "and" : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return out.toString();
    }
}
