package dev.cloudsift.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.CaseTables;
import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.EntityMatch;
import dev.cloudsift.investigate.EntityPivot;
import dev.cloudsift.investigate.EntityProfile;
import dev.cloudsift.investigate.Finding;
import dev.cloudsift.investigate.FindingsTable;
import dev.cloudsift.investigate.IncidentAnswers;
import dev.cloudsift.investigate.RuleFindings;
import dev.cloudsift.investigate.SourceSummary;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.chains.ChainNode;
import dev.cloudsift.investigate.chains.ChainText;
import dev.cloudsift.investigate.chains.RoleChains;
import dev.cloudsift.investigate.gaps.Coverage;
import dev.cloudsift.investigate.gaps.CoverageRow;
import dev.cloudsift.investigate.gaps.LoggingPause;
import dev.cloudsift.investigate.gaps.RankedSilence;
import dev.cloudsift.investigate.gaps.SilenceRanking;
import dev.cloudsift.investigate.gaps.SourceSpan;
import dev.cloudsift.investigate.gaps.DigestIssue;
import dev.cloudsift.investigate.gaps.GapAnalysis;
import dev.cloudsift.investigate.gaps.Silence;
import dev.cloudsift.investigate.gaps.TamperingEvent;
import dev.cloudsift.investigate.suspects.Suspect;
import dev.cloudsift.investigate.suspects.SuspectRanking;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes the investigation as one self-contained HTML file: inline CSS, JS and SVG, nothing fetched, so it opens
 * offline and can be mailed. Every log-derived string passes through {@link Html#text}; the manifest travels as
 * JSON escaped by {@link Html#scriptJson}. The script only filters and sorts rows it finds in the page, reading
 * {@code textContent}, so no log text is ever parsed as markup. The page's policy runs that one script by its
 * SHA-256 only, so no other inline script could run even if markup slipped through.
 */
public final class HtmlReport {
    /** The report's only script, loaded once; the policy names its hash. */
    private static final String SCRIPT = loadScript();
    /** The report's only stylesheet; the policy allows it by hash, so no style attribute or injected style applies. */
    private static final String STYLE = loadResource("report.css") + loadResource("pictures.css");

    /** Rows shown in the long tables (ledger, quarantine); the case keeps them all. */
    static final int MAX_ROWS = 500;
    static final int ENTITY_CARDS = 5;
    static final int CHAINS = 3;
    /** Findings listed under each rule; the rule's row gives the full count. */
    static final int FINDINGS_PER_RULE = 50;

    private final Connection connection;
    private final ReportOptions options;
    private final TimeDisplay time;

    public HtmlReport(Connection connection, ReportOptions options) {
        this.connection = connection;
        this.options = options;
        this.time = options.time();
    }

    public void write(Writer out) throws IOException, SQLException {
        StringBuilder html = new StringBuilder(1 << 16);
        List<Suspect> suspects = new SuspectRanking(connection).rank(20, null);
        GapAnalysis gaps = GapAnalysis.run(connection, options.keys());
        FindingsTable findings = new FindingsTable(connection);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ")
                .append(ScriptHash.source(STYLE)).append("; script-src ").append(ScriptHash.source(SCRIPT)).append("; img-src data:\">")
                .append("<title>Cloudsift report</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>Cloudsift report</h1><p class=\"meta\">Generated ").append(Html.text(time.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))))
                .append(" by Cloudsift ").append(Html.text(options.version())).append("; times in ")
                .append(Html.text(time.name())).append(".</p>\n");
        html.append("<nav>").append(String.join(" · ", List.of("<a href=\"#summary\">Summary</a>", "<a href=\"#sources\">Sources</a>",
                "<a href=\"#findings\">Findings</a>", "<a href=\"#activity\">Activity</a>", "<a href=\"#suspects\">Suspects</a>",
                "<a href=\"#entities\">Entities</a>", "<a href=\"#chains\">Role chains</a>", "<a href=\"#gaps\">Gaps</a>",
                "<a href=\"#ledger\">Ledger</a>", "<a href=\"#manifest\">Manifest</a>"))).append("</nav>\n");
        AddressPlaces places = new AddressPlaces(connection, options.geo());
        html.append(IncidentPicture.section(connection, time, places, suspects, gaps));
        summary(html, suspects, gaps, findings);
        sources(html, gaps);
        findings(html, findings);
        MovementSection.append(html, connection, time, options.geo());
        html.append("<section id=\"activity\"><h2>Events per hour per source</h2>").append(HourlyChart.render(connection, time))
                .append("<p class=\"meta\">Red lines: hours with findings.</p></section>\n");
        suspects(html, suspects);
        entities(html, suspects);
        chains(html, suspects, places);
        gaps(html, gaps);
        ledger(html);
        manifest(html);
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        out.write(html.toString());
        out.flush();
    }

    private void summary(StringBuilder html, List<Suspect> suspects, GapAnalysis gaps, FindingsTable findings) throws SQLException {
        html.append("<section id=\"summary\"><h2>Summary</h2>");
        answers(html, IncidentAnswers.of(connection, suspects, gaps));
        html.append("<ul>");
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT count(*), count(DISTINCT source), min(event_time), max(event_time), count(DISTINCT account_id) FROM events")) {
            result.next();
            html.append("<li>").append(result.getLong(1)).append(" records from ").append(result.getLong(2)).append(" sources and ")
                    .append(result.getLong(5)).append(" accounts, ").append(Html.text(time.format(CaseTables.instant(result, 3))))
                    .append(" to ").append(Html.text(time.format(CaseTables.instant(result, 4)))).append("</li>");
        }
        Map<String, Long> levels = findings.countsByLevel();
        html.append("<li>Findings: ");
        if (!findings.present()) {
            html.append("none (the case was not hunted)");
        } else if (levels.isEmpty()) {
            html.append("none");
        } else {
            List<String> parts = new ArrayList<>();
            levels.forEach((level, count) -> parts.add(count + " " + Html.text(level)));
            html.append(String.join(", ", parts));
        }
        String stale = findings.staleWarning();
        if (stale != null) {
            html.append(" <strong class=\"stale\">(").append(Html.text(stale)).append(")</strong>");
        }
        html.append("</li><li>Top suspects: ");
        List<String> top = new ArrayList<>();
        for (Suspect suspect : suspects.subList(0, Math.min(3, suspects.size()))) {
            top.add("<code>" + Html.text(suspect.value()) + "</code> (" + suspect.score() + ")");
        }
        html.append(top.isEmpty() ? "none" : String.join(", ", top)).append("</li>");
        html.append("<li>Logging gaps: ").append(gaps.tampering().size()).append(" tampering calls, ").append(gaps.silences().size())
                .append(" silences, ").append(gaps.digests() == null ? "no digests" : gaps.digests().issues().size() + " integrity problems")
                .append("</li>");
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(sum(records_read), 0), coalesce(sum(stored), 0),"
                     + " coalesce(sum(duplicates), 0), coalesce(sum(quarantined), 0) FROM ingest_files")) {
            result.next();
            html.append("<li>Records read ").append(result.getLong(1)).append(" = stored ").append(result.getLong(2))
                    .append(" + duplicates ").append(result.getLong(3)).append(" + quarantined ").append(result.getLong(4)).append("</li>");
        }
        if (hasAnomalies()) {
            anomalies(html);
        }
        html.append("</ul></section>\n");
    }

    /** The five answers: what happened, who, from where, when, what left. */
    private void answers(StringBuilder html, IncidentAnswers answers) throws SQLException {
        dev.cloudsift.investigate.movement.Movement movement = dev.cloudsift.investigate.movement.Movement.of(connection,
                dev.cloudsift.investigate.movement.MovementFilter.ALL);
        String whatLeft = movement.isEmpty() ? "Nothing read from S3, sent to public addresses or shared, as far as the logs show."
                : movement.oneLine();
        html.append("<dl id=\"answers\"><dt>What happened</dt><dd>");
        if (answers.techniques().isEmpty()) {
            html.append("No finding carries an ATT&amp;CK technique.");
        } else {
            html.append("<ol>");
            for (IncidentAnswers.Technique technique : answers.techniques()) {
                html.append("<li><span class=\"nw\">").append(Html.text(time.format(technique.first()))).append("</span> <b>")
                        .append(Html.text(technique.id())).append("</b> ").append(Html.text(String.join("; ", technique.rules())))
                        .append(" <span class=\"meta\">(").append(technique.findings()).append(" findings)</span></li>");
            }
            html.append("</ol>");
        }
        html.append("</dd><dt>Who</dt><dd>");
        List<String> who = new ArrayList<>();
        for (Suspect suspect : answers.who()) {
            who.add(Html.text(suspect.kind()) + " <code>" + Html.text(suspect.value()) + "</code>");
        }
        html.append(who.isEmpty() ? "No principal or key with findings." : String.join(", ", who));
        html.append("</dd><dt>From where</dt><dd>");
        List<String> where = new ArrayList<>();
        for (IncidentAnswers.Address address : answers.where()) {
            String located = address.country() != null || address.asn() != null
                    ? address.suspect().value() + " (" + String.join(", ", java.util.stream.Stream.of(address.country(),
                            address.asn()).filter(java.util.Objects::nonNull).toList()) + ")"
                    : options.geo().annotate(address.suspect().value());
            where.add("<code>" + Html.text(located) + "</code>");
        }
        html.append(where.isEmpty() ? "No address with findings." : String.join(", ", where));
        html.append("</dd><dt>When</dt><dd>");
        if (answers.firstActivity() == null) {
            html.append("No findings to date the attack by.");
        } else {
            html.append("First attacker finding ").append(Html.text(time.format(answers.firstActivity()))).append(", last ")
                    .append(Html.text(time.format(answers.lastActivity()))).append(".");
        }
        if (!answers.gaps().isEmpty() || !answers.pauses().isEmpty()) {
            html.append("<ul>");
            for (LoggingPause pause : answers.pauses()) {
                html.append("<li>Trail ").append(Html.text(pause.trail())).append(" stopped ").append(Html.text(time.format(pause.stop())))
                        .append(" by <code>").append(Html.text(pause.stoppedBy())).append("</code>")
                        .append(Html.text(pause.restart() == null ? ", not restarted within the case"
                                : ", restarted " + time.format(pause.restart()) + " (off " + SilenceRanking.duration(pause.off()) + ")"))
                        .append("</li>");
            }
            for (RankedSilence silence : answers.gaps()) {
                html.append("<li>").append(Html.text(silence.describe(time::formatMinute))).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</dd><dt>What left</dt><dd>").append(Html.text(whatLeft)).append(" <a href=\"#movement\">details</a></dd></dl>");
    }

    /** Cases written before events.anomalies existed, opened read-only, lack the column. */
    private boolean hasAnomalies() throws SQLException {
        return CaseTables.columns(connection, "events").contains("anomalies");
    }

    /** One line: how many stored records carry anomalies, and the commonest (values come from the logs: escaped). */
    private void anomalies(StringBuilder html) throws SQLException {
        long flagged;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM events WHERE len(anomalies) > 0")) {
            result.next();
            flagged = result.getLong(1);
        }
        html.append("<li id=\"anomalies\">Records stored with anomalies: ").append(flagged);
        if (flagged > 0) {
            List<String> parts = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT anomaly, count(*) AS n FROM (SELECT unnest(anomalies) AS anomaly"
                         + " FROM events WHERE len(anomalies) > 0) GROUP BY anomaly ORDER BY n DESC, anomaly LIMIT 10")) {
                while (result.next()) {
                    parts.add(Html.text(result.getString(1)) + " " + result.getLong(2));
                }
            }
            html.append(" (").append(String.join(", ", parts)).append(")");
        }
        html.append("</li>");
    }

    private void sources(StringBuilder html, GapAnalysis gaps) throws SQLException {
        html.append("<section id=\"sources\"><h2>Counts and coverage per source</h2>");
        table(html, """
                SELECT source, count(*) AS records, min(event_time) AS first_record, max(event_time) AS last_record,
                       count(DISTINCT account_id) AS accounts, count(DISTINCT region) AS regions%s
                FROM events GROUP BY source ORDER BY source""".formatted(hasAnomalies()
                        ? ", count(*) FILTER (WHERE len(anomalies) > 0) AS with_anomalies" : ""), "sources-table");
        coverage(html, gaps);
        html.append("</section>\n");
    }

    /** One table: account/region by seed source (records), first and last record; few-call regions on one line. */
    private void coverage(StringBuilder html, GapAnalysis gaps) {
        html.append("<h3>Coverage of the six seed sources</h3><table id=\"coverage\"><tr><th>account</th><th>region</th>");
        for (String source : Coverage.SEED_SOURCES) {
            html.append("<th>").append(source).append("</th>");
        }
        html.append("<th>first</th><th>last</th></tr>");
        List<String> minor = new ArrayList<>();
        Map<String, List<String>> missingIn = new java.util.LinkedHashMap<>();
        Map<String, String> blindSpot = new java.util.HashMap<>();
        for (CoverageRow row : gaps.coverage()) {
            if (!row.inScope() && row.sources().keySet().equals(java.util.Set.of("cloudtrail"))) {
                minor.add(row.accountId() + " " + row.region() + " (" + row.sources().get("cloudtrail").records() + ")");
                continue;
            }
            html.append("<tr><td class=\"nw\">").append(Html.text(row.accountId())).append("</td><td class=\"nw\">")
                    .append(Html.text(row.region())).append(row.inScope() ? "" : " <span class=\"meta\">(not judged: "
                            + Html.text(row.outOfScope()) + ")</span>").append("</td>");
            Instant first = null;
            Instant last = null;
            for (String source : Coverage.SEED_SOURCES) {
                SourceSpan span = row.sources().get(source);
                html.append(span == null ? "<td class=\"absent\">absent</td>" : "<td class=\"nw\">" + span.records() + "</td>");
                if (span != null) {
                    first = first == null || span.first().isBefore(first) ? span.first() : first;
                    last = last == null || span.last().isAfter(last) ? span.last() : last;
                }
            }
            html.append("<td class=\"nw\">").append(Html.text(first == null ? "" : time.formatMinute(first)))
                    .append("</td><td class=\"nw\">").append(Html.text(last == null ? "" : time.formatMinute(last))).append("</td></tr>");
            if (row.inScope()) {
                for (int i = 0; i < row.absent().size(); i++) {
                    missingIn.computeIfAbsent(row.absent().get(i), k -> new ArrayList<>()).add(row.accountId() + " " + row.region());
                    blindSpot.putIfAbsent(row.absent().get(i), row.blindSpots().get(i));
                }
            }
        }
        html.append("</table>");
        if (!minor.isEmpty()) {
            html.append("<p class=\"meta\">Not judged, CloudTrail only with few records (").append(minor.size()).append(" account/regions): ")
                    .append(Html.text(String.join(", ", minor))).append("</p>");
        }
        if (!missingIn.isEmpty()) {
            html.append("<ul>");
            missingIn.forEach((source, where) -> html.append("<li>Missing <b>").append(Html.text(source)).append("</b> in ")
                    .append(Html.text(String.join(", ", where))).append(": ").append(Html.text(blindSpot.get(source))).append("</li>"));
            html.append("</ul>");
        }
    }

    /** Findings grouped by rule: one row per rule with its count, time span and top entities; its findings fold out. */
    private void findings(StringBuilder html, FindingsTable findings) throws SQLException {
        html.append("<section id=\"findings\"><h2>Findings by rule</h2>");
        List<RuleFindings> rules = findings.byRule(3);
        if (rules.isEmpty()) {
            html.append("<p>").append(findings.present() ? "No findings." : "The case was not hunted: no findings table.").append("</p></section>\n");
            return;
        }
        long total = rules.stream().mapToLong(RuleFindings::count).sum();
        html.append("<p>").append(total).append(" findings of ").append(rules.size()).append(" rules. ")
                .append("<input id=\"finding-filter\" type=\"search\" placeholder=\"filter rules\" aria-label=\"filter rules\"> ")
                .append("<span class=\"meta\">Click a column header to sort; open a rule to see its findings.</span></p>");
        html.append("<table id=\"findings-table\" class=\"sortable\"><thead><tr><th>level</th><th>count</th><th>first</th>")
                .append("<th>last</th><th>rule</th><th>top entities</th><th>findings</th></tr></thead><tbody>");
        for (RuleFindings rule : rules) {
            List<String> entities = new ArrayList<>();
            for (Counted entity : rule.entities()) {
                entities.add("<code>" + Html.text(options.geo().annotate(entity.value())) + "</code>&nbsp;(" + entity.count() + ")");
            }
            html.append("<tr class=\"level-").append(Html.text(rule.level().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")))
                    .append("\" data-rank=\"").append(Finding.severityRank(rule.level())).append("\"><td class=\"nw\">")
                    .append(Html.text(rule.level())).append("</td><td class=\"nw\">").append(rule.count())
                    .append("</td><td class=\"nw\">").append(Html.text(time.format(rule.first())))
                    .append("</td><td class=\"nw\">").append(Html.text(time.format(rule.last())))
                    .append("</td><td>").append(Html.text(rule.title()));
            if (!rule.techniques().isEmpty()) {
                html.append(" <span class=\"meta\">").append(Html.text(String.join(" ", rule.techniques()))).append("</span>");
            }
            html.append("</td><td>").append(String.join(", ", entities)).append("</td><td>");
            List<Finding> shown = findings.ofRule(rule.ruleId(), rule.title(), FINDINGS_PER_RULE);
            if (rule.count() == 1 && !shown.isEmpty()) {
                html.append(Html.text(shown.get(0).summary()));
            } else {
                html.append("<details><summary>").append(Html.text(rule.example())).append("</summary><table class=\"inner\">")
                        .append("<tr><th>time</th><th>principal</th><th>source IP</th><th>summary</th></tr>");
                for (Finding finding : shown) {
                    html.append("<tr><td class=\"nw\">").append(Html.text(time.format(finding.time()))).append("</td><td>")
                            .append(Html.text(finding.principal())).append("</td><td class=\"nw\">").append(Html.text(finding.srcIp()))
                            .append("</td><td>").append(Html.text(finding.summary())).append("</td></tr>");
                }
                html.append("</table>");
                if (rule.count() > shown.size()) {
                    html.append("<p class=\"meta\">").append(rule.count() - shown.size())
                            .append(" more: cloudsift hunt --format csv lists every finding.</p>");
                }
                html.append("</details>");
            }
            html.append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private void suspects(StringBuilder html, List<Suspect> suspects) {
        html.append("<section id=\"suspects\"><h2>Suspects</h2><p class=\"meta\">Score: per rule, its level's weight with")
                .append(" diminishing returns (denied findings a fifth), distinct techniques, credit shared between addresses, keys and")
                .append(" principals, then small context points (new in the window, breadth, failures, bytes).</p>")
                .append("<table class=\"sortable\"><thead><tr><th>score</th><th>kind</th><th>value</th><th>records</th>")
                .append("<th>first seen</th><th>last seen</th><th>reason</th></tr></thead><tbody>");
        for (Suspect suspect : suspects) {
            html.append("<tr><td>").append(suspect.score()).append("</td><td>").append(Html.text(suspect.kind())).append("</td><td><code>")
                    .append(Html.text(suspect.kind().equals("ip") ? options.geo().annotate(suspect.value()) : suspect.value()))
                    .append("</code></td><td>").append(suspect.events()).append("</td><td>")
                    .append(Html.text(time.format(suspect.firstSeen()))).append("</td><td>").append(Html.text(time.format(suspect.lastSeen())))
                    .append("</td><td>").append(Html.text(suspect.reason())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private void entities(StringBuilder html, List<Suspect> suspects) throws SQLException {
        html.append("<section id=\"entities\"><h2>Entity cards</h2>");
        EntityPivot pivot = new EntityPivot(connection);
        int shown = 0;
        for (Suspect suspect : suspects) {
            if (shown >= ENTITY_CARDS) {
                break;
            }
            EntityMatch match;
            try {
                match = EntityMatch.of(suspect.value());
            } catch (IllegalArgumentException e) {
                continue;
            }
            shown++;
            EntityProfile profile = pivot.profile(match);
            html.append("<div class=\"card\"><h3><code>").append(Html.text(options.geo().annotate(suspect.value()))).append("</code> <span class=\"meta\">")
                    .append(Html.text(match.kindLabels())).append(", ").append(profile.total()).append(" records</span></h3>");
            html.append("<table><tr><th>source</th><th>records</th><th>first seen</th><th>last seen</th><th>success</th>")
                    .append("<th>failure</th><th>top actions</th></tr>");
            for (SourceSummary source : profile.sources()) {
                html.append("<tr><td>").append(Html.text(source.source())).append("</td><td>").append(source.count())
                        .append("</td><td>").append(Html.text(time.format(source.firstSeen()))).append("</td><td>")
                        .append(Html.text(time.format(source.lastSeen()))).append("</td><td>").append(source.successes())
                        .append("</td><td>").append(source.failures()).append("</td><td>").append(Html.text(counted(source.topActions(), UnaryOperator.identity())))
                        .append("</td></tr>");
            }
            html.append("</table><dl>");
            for (String kind : EntityProfile.RELATED_KINDS) {
                List<Counted> related = profile.related().get(kind);
                if (related != null) {
                    html.append("<dt>").append(Html.text(kind)).append("</dt><dd>")
                            .append(Html.text(counted(related, kind.equals("ip") ? options.geo()::annotate : UnaryOperator.identity())))
                            .append("</dd>");
                }
            }
            html.append("</dl>");
            if (!profile.findings().isEmpty()) {
                html.append("<p>Findings: ");
                List<String> titles = new ArrayList<>();
                for (RuleFindings rule : RuleFindings.group(profile.findings())) {
                    titles.add(Html.text(rule.level() + ": " + rule.title() + (rule.count() == 1 ? "" : " ×" + rule.count())));
                }
                html.append(String.join("; ", titles)).append("</p>");
            }
            html.append("</div>");
        }
        if (shown == 0) {
            html.append("<p>No entities.</p>");
        }
        html.append("</section>\n");
    }

    private void chains(StringBuilder html, List<Suspect> suspects, AddressPlaces places) throws SQLException {
        html.append("<section id=\"chains\"><h2>Role chains</h2>");
        RoleChains chains = new RoleChains(connection);
        ChainText text = new ChainText(time, options.geo()::annotate);
        List<String> done = new ArrayList<>();
        List<ChainNode> trees = new ArrayList<>();
        List<Suspect> starts = new ArrayList<>();
        // keys first (their chain is the story), then principals, whose chains start from the keys they used
        suspects.stream().filter(s -> s.kind().equals("access key")).forEach(starts::add);
        suspects.stream().filter(s -> s.kind().equals("principal")).forEach(starts::add);
        for (Suspect suspect : starts) {
            if (done.size() >= CHAINS) {
                break;
            }
            for (ChainNode tree : chains.follow(suspect.value())) {
                boolean lone = suspect.kind().equals("principal") && tree.children().isEmpty();
                if (done.size() >= CHAINS || lone || done.contains(tree.activity().accessKeyId())) {
                    continue;
                }
                done.add(tree.activity().accessKeyId());
                trees.add(tree);
            }
        }
        if (!trees.isEmpty()) {
            html.append(new ChainGraph(time, places::annotate).render(trees));
        }
        for (ChainNode tree : trees) {
            List<String> lines = new ArrayList<>();
            text.render(tree, "", true, true, lines);
            html.append("<pre>").append(Html.text(String.join("\n", lines))).append("</pre>");
        }
        if (done.isEmpty()) {
            html.append("<p>No access key or principal among the suspects has a chain in CloudTrail.</p>");
        }
        html.append("</section>\n");
    }

    private void gaps(StringBuilder html, GapAnalysis gaps) {
        html.append("<section id=\"gaps\"><h2>Logging gaps</h2><h3>Tampering</h3>");
        if (gaps.tampering().isEmpty()) {
            html.append("<p>None seen.</p>");
        } else {
            html.append("<table><tr><th>time</th><th>account</th><th>region</th><th>call</th><th>by</th><th>from</th><th>result</th><th>effect</th></tr>");
            for (TamperingEvent event : gaps.tampering()) {
                html.append("<tr><td>").append(Html.text(time.format(event.time()))).append("</td><td>").append(Html.text(event.accountId()))
                        .append("</td><td>").append(Html.text(event.region())).append("</td><td>").append(Html.text(event.action()))
                        .append("</td><td>").append(Html.text(event.principal())).append("</td><td>").append(Html.text(event.srcIp()))
                        .append("</td><td>").append(event.failed() ? "failed: " + Html.text(event.errorCode()) : "done")
                        .append("</td><td>").append(Html.text(event.effect())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h3>Trail stops</h3>");
        if (gaps.pauses().isEmpty()) {
            html.append("<p>No successful StopLogging in the case.</p>");
        } else {
            html.append("<table><tr><th>trail</th><th>account</th><th>stopped</th><th>by</th><th>from</th><th>restarted</th>")
                    .append("<th>by</th><th>off for</th><th>silence of its records</th></tr>");
            for (LoggingPause pause : gaps.pauses()) {
                Silence silence = pause.silence();
                html.append("<tr><td>").append(Html.text(pause.trail())).append("</td><td class=\"nw\">").append(Html.text(pause.accountId()))
                        .append("</td><td class=\"nw\">").append(Html.text(time.format(pause.stop()))).append("</td><td>")
                        .append(Html.text(pause.stoppedBy())).append("</td><td class=\"nw\">").append(Html.text(pause.stoppedFrom()))
                        .append("</td><td class=\"nw\">").append(Html.text(pause.restart() == null ? "not within the case" : time.format(pause.restart())))
                        .append("</td><td>").append(Html.text(pause.restartedBy())).append("</td><td class=\"nw\">")
                        .append(Html.text(pause.off() == null ? "" : SilenceRanking.duration(pause.off()))).append("</td><td>")
                        .append(Html.text(silence == null ? "none found" : silence.region() + " " + time.formatMinute(silence.lastBefore())
                                + " to " + (silence.untilCaseEnd() ? "end of case" : time.formatMinute(silence.firstAfter()))))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h3>Silences, ranked</h3>");
        if (gaps.ranked().isEmpty()) {
            html.append("<p>None.</p>");
        } else {
            html.append("<p class=\"meta\">Silences a logging call opened or a StartLogging closed come first, then the longest.</p>")
                    .append("<table><tr><th>#</th><th>account</th><th>region</th><th>source</th><th>silent from</th><th>to</th>")
                    .append("<th>length</th><th>usual gap</th><th>explained by</th></tr>");
            int rank = 0;
            for (RankedSilence ranked : gaps.ranked()) {
                if (rank >= MAX_ROWS) {
                    break;
                }
                Silence silence = ranked.silence();
                List<String> why = new ArrayList<>();
                if (ranked.cause() != null) {
                    why.add(ranked.cause().action() + " " + time.format(ranked.cause().time()) + " by " + ranked.cause().principal());
                }
                if (ranked.restart() != null) {
                    why.add("StartLogging " + time.format(ranked.restart()));
                }
                html.append("<tr><td>").append(++rank).append("</td><td class=\"nw\">").append(Html.text(silence.accountId()))
                        .append("</td><td class=\"nw\">").append(Html.text(silence.region())).append("</td><td>")
                        .append(Html.text(silence.source())).append("</td><td class=\"nw\">")
                        .append(Html.text(time.formatMinute(silence.lastBefore()))).append("</td><td class=\"nw\">")
                        .append(Html.text((silence.untilCaseEnd() ? "end of case, " : "") + time.formatMinute(silence.firstAfter())))
                        .append("</td><td class=\"nw\">").append(Html.text(SilenceRanking.duration(silence.length())))
                        .append("</td><td class=\"nw\">").append(Math.max(1, silence.typicalGap().toMinutes())).append(" min</td><td>")
                        .append(Html.text(why.isEmpty() ? "" : String.join("; ", why))).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h3>CloudTrail digest validation</h3>");
        if (gaps.digests() == null) {
            html.append("<p>No digest files in the case: log file integrity cannot be checked.</p>");
        } else {
            var digests = gaps.digests();
            html.append("<p>").append(digests.digests()).append(" digests, ").append(digests.logFilesListed()).append(" log files listed, ")
                    .append(digests.logFilesVerified()).append(" verified by hash; signatures ").append(digests.signaturesVerified())
                    .append(" verified, ").append(digests.signaturesUnchecked()).append(" not checked.</p>");
            if (!digests.issues().isEmpty()) {
                html.append("<table><tr><th>problem</th><th>time</th><th>account</th><th>region</th><th>file</th><th>detail</th></tr>");
                for (DigestIssue issue : digests.issues()) {
                    html.append("<tr><td>").append(Html.text(issue.kind().label())).append("</td><td>").append(Html.text(time.format(issue.time())))
                            .append("</td><td>").append(Html.text(issue.accountId())).append("</td><td>").append(Html.text(issue.region()))
                            .append("</td><td>").append(Html.text(issue.file())).append("</td><td>").append(Html.text(issue.detail()))
                            .append("</td></tr>");
                }
                html.append("</table>");
            }
        }
        html.append("</section>\n");
    }

    private void ledger(StringBuilder html) throws SQLException {
        html.append("<section id=\"ledger\"><h2>Ingest ledger</h2>");
        table(html, "SELECT file_id, path, format, status, records_read, stored, duplicates, quarantined, skipped, error"
                + " FROM ingest_files ORDER BY file_id LIMIT " + MAX_ROWS, "ledger-table");
        html.append("<h3>Quarantine</h3>");
        table(html, "SELECT path, \"offset\", line, reason, CAST(left(CAST(raw AS VARCHAR), 200) AS VARCHAR) AS raw_start"
                + " FROM quarantine ORDER BY file_id, \"offset\" LIMIT " + MAX_ROWS, "quarantine-table");
        html.append("</section>\n");
    }

    private void manifest(StringBuilder html) throws SQLException, IOException {
        html.append("<section id=\"manifest\"><h2>Run manifest</h2><ul><li>Cloudsift ").append(Html.text(options.version()))
                .append("</li><li>Time zone: ").append(Html.text(time.name())).append("</li></ul><h3>Inputs</h3>");
        table(html, "SELECT path, size, sha256, format FROM ingest_files WHERE sha256 IS NOT NULL ORDER BY path LIMIT " + MAX_ROWS,
                "inputs-table");
        html.append("<h3>Rules</h3>");
        List<RuleStatus> rules = rules();
        if (rules.isEmpty()) {
            html.append("<p>No rules were run.</p>");
        } else {
            html.append("<table><tr><th>rule</th><th>status</th></tr>");
            for (RuleStatus rule : rules) {
                html.append("<tr><td>").append(Html.text(rule.rule())).append("</td><td>").append(Html.text(rule.status())).append("</td></tr>");
            }
            html.append("</table>");
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(json)) {
            generator.writeStartObject();
            generator.writeStringField("cloudsift_version", options.version());
            generator.writeStringField("time_zone", time.name());
            generator.writeArrayFieldStart("inputs");
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT path, sha256 FROM ingest_files ORDER BY file_id")) {
                while (result.next()) {
                    generator.writeStartObject();
                    generator.writeStringField("path", result.getString(1));
                    generator.writeStringField("sha256", result.getString(2));
                    generator.writeEndObject();
                }
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("rules");
            for (RuleStatus rule : rules) {
                generator.writeStartObject();
                generator.writeStringField("rule", rule.rule());
                generator.writeStringField("status", rule.status());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        html.append("<script type=\"application/json\" id=\"manifest-json\">").append(Html.scriptJson(json.toString()))
                .append("</script></section>\n");
    }

    private List<RuleStatus> rules() throws SQLException {
        if (!options.rules().isEmpty()) {
            return options.rules();
        }
        List<RuleStatus> rules = new ArrayList<>();
        if (CaseTables.columns(connection, "findings").contains("rule_id")) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT rule_id, count(*) FROM findings GROUP BY 1 ORDER BY 1")) {
                while (result.next()) {
                    rules.add(new RuleStatus(String.valueOf(result.getString(1)), "fired " + result.getLong(2) + " times"));
                }
            }
        }
        return rules;
    }

    /** A SQL result as an HTML table, every cell escaped. */
    private void table(StringBuilder html, String sql, String id) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            html.append("<table id=\"").append(Html.text(id)).append("\" class=\"sortable\"><thead><tr>");
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                html.append("<th>").append(Html.text(meta.getColumnLabel(i))).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            int rows = 0;
            while (result.next()) {
                rows++;
                html.append("<tr>");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    String text;
                    if (value instanceof java.sql.Timestamp || value instanceof java.time.LocalDateTime) {
                        text = time.format(CaseTables.instant(result, i));
                    } else {
                        text = value == null ? "" : value.toString();
                    }
                    html.append("<td>").append(Html.text(text)).append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</tbody></table>");
            if (rows == 0) {
                html.append("<p class=\"meta\">(none)</p>");
            }
        }
    }

    private static String counted(List<Counted> values, UnaryOperator<String> show) {
        List<String> parts = new ArrayList<>();
        for (Counted value : values) {
            parts.add(show.apply(value.value()) + " ×" + value.count());
        }
        return String.join(", ", parts);
    }

    private static String loadScript() {
        return loadResource("report.js");
    }

    private static String loadResource(String name) {
        try {
            return resource(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("report resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
