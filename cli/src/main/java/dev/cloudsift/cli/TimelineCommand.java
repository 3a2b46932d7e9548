package dev.cloudsift.cli;

import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.ResultPrinter;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.EntityMatch;
import dev.cloudsift.investigate.Finding;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.Timeline;
import dev.cloudsift.investigate.TimelineEntry;
import dev.cloudsift.investigate.TimelineQuery;
import dev.cloudsift.store.CaseParts;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift timeline}: one chronological view across sources. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"One chronological view across every source.",
                "In table form, runs of similar records (same source, account, region, principal, action and "
                        + "resource prefix, each within --gap of the last) collapse into one line with a count; findings "
                        + "are marked inline with '!!'. csv and jsonl print every record, uncollapsed, in UTC."},
        footer = {"", "Examples:",
                "  cloudsift timeline --from 2025-11-04T09:00:00Z --to 2025-11-04T12:00:00Z",
                "  cloudsift timeline --entity 203.0.113.45 --timezone Europe/Berlin",
                "  cloudsift timeline --source cloudtrail --source s3access --format csv > timeline.csv"})
public final class TimelineCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Option(names = "--from", paramLabel = "TIME",
            description = "First time shown (inclusive); a date alone is the start of that day, UTC.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Last time shown (exclusive); a date alone includes that whole day, UTC.")
    String to;

    @Option(names = "--since", paramLabel = "SPAN",
            description = "The last SPAN of the case (30m, 2h, 7d), up to its latest record; instead of --from/--to.")
    String since;

    @Option(names = "--entity", paramLabel = "VALUE", description = "Only records touching this IP, key, ARN, account, instance, ENI, bucket or name.")
    String entity;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source (repeatable): cloudtrail, vpcflow, s3access, waf, alb, cloudwatch, config, ...")
    List<String> sources = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (collapsed), csv or jsonl (every record). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--gap", paramLabel = "MINUTES", defaultValue = "5",
            description = "Records of one kind further apart than this start a new line. Default: ${DEFAULT-VALUE}.")
    long gapMinutes;

    @Option(names = "--limit", paramLabel = "LINES", defaultValue = "500",
            description = "Table lines shown (0 = all). Default: ${DEFAULT-VALUE}.")
    long limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormats.parse(format);
        TimeDisplay time = display.time();
        Instant fromTime = DisplayOptions.parseTime("--from", from, false);
        Instant toTime = DisplayOptions.parseTime("--to", to, true);
        Duration sinceSpan = since == null ? null : DisplayOptions.parseSpan("--since", since);
        if (sinceSpan != null && (fromTime != null || toTime != null)) {
            throw new UsageException("--since replaces --from and --to; give one or the other");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new UsageException("--from must be before --to");
        }
        if (gapMinutes < 0 || limit < 0) {
            throw new UsageException("--gap and --limit must not be negative");
        }
        EntityMatch match = null;
        if (entity != null) {
            try {
                match = EntityMatch.of(entity);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        List<String> wanted = sources.stream().map(source -> source.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        PrintWriter out = spec.commandLine().getOut();
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            checkSources(store, wanted);
            if (sinceSpan != null) {
                Instant latest = latestRecord(store);
                if (latest != null) {
                    fromTime = latest.minus(sinceSpan);
                }
            }
            TimelineQuery query = new TimelineQuery(fromTime, toTime, match, wanted, Duration.ofMinutes(gapMinutes));
            if (outputFormat == OutputFormat.TABLE) {
                printTable(store, query, time, geo, out);
            } else {
                printRecords(store, query, outputFormat, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** An unknown --source is a usage error that lists the sources the case has, not an empty timeline. */
    static void checkSources(CaseStore store, List<String> wanted) throws java.sql.SQLException {
        if (wanted.isEmpty()) {
            return;
        }
        List<String> known = new ArrayList<>();
        try (java.sql.Statement statement = store.connection().createStatement();
             java.sql.ResultSet result = statement.executeQuery(
                     "SELECT DISTINCT source FROM events WHERE source IS NOT NULL ORDER BY 1")) {
            while (result.next()) {
                known.add(result.getString(1));
            }
        }
        for (String source : wanted) {
            if (!known.contains(source)) {
                throw new UsageException("--source " + TerminalText.clean(source, 60) + ": no such source in this case; "
                        + (known.isEmpty() ? "the case has no records" : "its sources are " + TerminalText.clean(String.join(", ", known), 500)));
            }
        }
    }

    /** The time of the case's latest record, or null for an empty case. */
    private static Instant latestRecord(CaseStore store) throws java.sql.SQLException {
        try (java.sql.Statement statement = store.connection().createStatement();
             java.sql.ResultSet result = statement.executeQuery("SELECT max(event_time) FROM events")) {
            return result.next() ? dev.cloudsift.investigate.CaseTables.instant(result, 1) : null;
        }
    }

    private void printTable(CaseStore store, TimelineQuery query, TimeDisplay time, GeoIp geo, PrintWriter out) throws Exception {
        long[] shown = {0};
        boolean[] more = {false};
        new Timeline(store.connection()).walk(query, entry -> {
            if (limit > 0 && shown[0] >= limit) {
                more[0] = true;
                return false;
            }
            out.println(line(entry, time, geo));
            shown[0]++;
            return true;
        });
        if (shown[0] == 0) {
            out.println("(no records)");
        } else if (more[0]) {
            out.println("(first " + limit + " lines; narrow with --from/--to/--entity/--source or raise --limit)");
        }
    }

    static String line(TimelineEntry entry, TimeDisplay time, GeoIp geo) {
        StringBuilder line = new StringBuilder(time.format(entry.first()));
        if (entry.isFinding()) {
            Finding finding = entry.finding();
            line.append("  !! ").append(clean(finding.level(), 13).toUpperCase(java.util.Locale.ROOT)).append(' ')
                    .append(clean(finding.title(), 100)).append(" [").append(clean(finding.ruleId(), 60)).append(']');
            if (finding.principal() != null) {
                line.append(' ').append(clean(finding.principal(), 80));
            }
            if (finding.srcIp() != null) {
                line.append(" from ").append(clean(finding.srcIp(), 45));
            }
            if (entry.count() > 1) {
                line.append("  ×").append(entry.count()).append(" until ").append(time.format(entry.last()));
            }
            return line.toString();
        }
        line.append("  ").append(pad(entry.count() == 1 ? "" : "×" + entry.count(), 7));
        line.append(pad(clean(entry.source(), 10), 11));
        line.append(clean(entry.action() == null ? "-" : entry.action(), 40));
        if (entry.principal() != null) {
            line.append("  by ").append(clean(entry.principal(), 80));
        }
        if (entry.resource() != null) {
            line.append("  on ").append(clean(entry.resource(), 80)).append(entry.count() > 1 && !entry.resource().startsWith("/") ? "/…" : "");
        }
        if (entry.srcIp() != null) {
            line.append("  from ").append(clean(geo.annotate(entry.srcIp()), 120));
        }
        if (entry.outcome() != null && !entry.outcome().equals("unknown")) {
            line.append("  ").append(clean(entry.outcome(), 10));
        }
        if (entry.count() > 1) {
            line.append("  until ").append(time.format(entry.last()));
        } else if (entry.message() != null) {
            line.append("  | ").append(clean(entry.message(), 120));
        }
        return line.toString();
    }

    private static String clean(String text, int max) {
        return TerminalText.clean(text, max);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    private static void printRecords(CaseStore store, TimelineQuery query, OutputFormat format, PrintWriter out) throws Exception {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT event_time, source, account_id, region, action, outcome, error_code, principal, access_key_id,
                       src_ip, dst_ip, src_port, dst_port, user_agent, resource, bytes, event_id, message
                FROM events WHERE """).append(" ").append(query.filter(parameters));
        if ((query.from() != null || query.to() != null)
                && dev.cloudsift.investigate.CaseTables.columns(store.connection(), "events").contains(CaseParts.PART_DATE)) {
            sql.append(" AND ").append(CaseParts.partDates(query.from(), query.to()));
        }
        if (query.from() != null) {
            sql.append(" AND event_time >= ?");
            parameters.add(dev.cloudsift.investigate.CaseTables.sqlTime(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND event_time < ?");
            parameters.add(dev.cloudsift.investigate.CaseTables.sqlTime(query.to()));
        }
        sql.append(" ORDER BY event_time, row_id");
        try (PreparedStatement statement = store.connection().prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                new ResultPrinter(format, out, dev.cloudsift.cli.output.Terminal.stdoutIsTerminal()).print(result);
            }
        }
    }
}
