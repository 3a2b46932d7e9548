package dev.cloudsift.investigate;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.gaps.LoggingPause;
import dev.cloudsift.investigate.gaps.RankedSilence;
import dev.cloudsift.investigate.suspects.Suspect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The five answers an analyst owes: what happened (ATT&CK techniques in the order they first appeared), who
 * (principals and access keys), from where (addresses, with country and ASN when the case holds them), when
 * (first and last attacker finding, the gaps) and what left (movement totals, supplied by the caller when the case
 * has them).
 *
 * @param techniques techniques of medium or higher findings in order of first appearance
 * @param who        principals and access keys among the suspects that have findings
 * @param where      addresses among the suspects that have findings
 * @param firstActivity first medium-or-higher finding (all findings when none is that severe)
 * @param lastActivity  last such finding
 * @param gaps       tampering-linked silences, then trail stops without one, as lines
 */
public record IncidentAnswers(List<Technique> techniques, List<Suspect> who, List<Address> where,
        @Nullable Instant firstActivity, @Nullable Instant lastActivity, List<RankedSilence> gaps,
        List<LoggingPause> pauses) {
    /** How many entries each answer keeps. */
    public static final int TOP = 5;

    public IncidentAnswers {
        techniques = List.copyOf(techniques);
        who = List.copyOf(who);
        where = List.copyOf(where);
        gaps = List.copyOf(gaps);
        pauses = List.copyOf(pauses);
    }

    /** One ATT&CK technique: when it first and last showed, through which rules, in how many findings. */
    public record Technique(String id, Instant first, Instant last, List<String> rules, long findings) {
        public Technique {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            rules = List.copyOf(rules);
        }
    }

    /** A suspect address with where it is, when the case's events carry GeoIP columns (null otherwise). */
    public record Address(Suspect suspect, @Nullable String country, @Nullable String asn) {
        public Address {
            Objects.requireNonNull(suspect, "suspect");
        }
    }

    /**
     * @param suspects the ranking as {@code SuspectRanking} gives it, best first
     */
    public static IncidentAnswers of(Connection connection, List<Suspect> suspects, GapAnalysis gaps) throws SQLException {
        List<RuleFindings> rules = new FindingsTable(connection).byRule(3);
        List<RuleFindings> serious = rules.stream().filter(rule -> Finding.severityRank(rule.level()) <= 2).toList();
        if (serious.isEmpty()) {
            serious = rules;
        }
        Map<String, Technique> techniques = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (RuleFindings rule : serious) {
            if (rule.first() == null || rule.last() == null) {
                continue;
            }
            first = first == null || rule.first().isBefore(first) ? rule.first() : first;
            last = last == null || rule.last().isAfter(last) ? rule.last() : last;
            for (String id : rule.techniques()) {
                Technique known = techniques.get(id);
                List<String> titles = new ArrayList<>(known == null ? List.of() : known.rules());
                if (!titles.contains(rule.title())) {
                    titles.add(rule.title());
                }
                techniques.put(id, new Technique(id, known == null || rule.first().isBefore(known.first()) ? rule.first() : known.first(),
                        known == null || rule.last().isAfter(known.last()) ? rule.last() : known.last(), titles,
                        (known == null ? 0 : known.findings()) + rule.count()));
            }
        }
        List<Technique> ordered = new ArrayList<>(techniques.values());
        ordered.sort(java.util.Comparator.comparing(Technique::first).thenComparing(Technique::id));
        List<Suspect> withFindings = suspects.stream().filter(s -> s.findingPoints() > 0).toList();
        List<Suspect> pool = withFindings.isEmpty() ? suspects : withFindings;
        List<Suspect> who = new ArrayList<>();
        who.addAll(pool.stream().filter(s -> s.kind().equals("principal")).limit(TOP).toList());
        who.addAll(pool.stream().filter(s -> s.kind().equals("access key")).limit(TOP).toList());
        List<Address> where = new ArrayList<>();
        Set<String> columns = CaseTables.columns(connection, "events");
        boolean geo = columns.contains("src_country") && columns.contains("src_asn");
        for (Suspect ip : pool.stream().filter(s -> s.kind().equals("ip")).limit(TOP).toList()) {
            where.add(geo ? located(connection, ip) : new Address(ip, null, null));
        }
        List<RankedSilence> linked = gaps.ranked().stream().filter(RankedSilence::tamperingLinked).limit(TOP).toList();
        return new IncidentAnswers(ordered, who, where, first, last, linked,
                gaps.pauses().stream().limit(TOP).toList());
    }

    /** Country and ASN the case's GeoIP columns give the address (its commonest, should they differ). */
    private static Address located(Connection connection, Suspect ip) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT mode(CAST(src_country AS VARCHAR)),"
                + " mode(CAST(src_asn AS VARCHAR)) FROM events WHERE src_ip = ?")) {
            statement.setString(1, ip.value());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? new Address(ip, result.getString(1), result.getString(2)) : new Address(ip, null, null);
            }
        } catch (SQLException e) {
            // a GeoIP column of another shape than expected: answer without it rather than not at all
            return new Address(ip, null, null);
        }
    }
}
