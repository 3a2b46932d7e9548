package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.core.Json;
import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.EntityMatch;
import dev.cloudsift.investigate.EntityPivot;
import dev.cloudsift.investigate.EntityProfile;
import dev.cloudsift.investigate.Finding;
import dev.cloudsift.investigate.RuleFindings;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.SourceSummary;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift entity}: everything the case says about one IP, key, ARN, account, instance, ENI, bucket or name. */
@Command(name = "entity", mixinStandardHelpOptions = true,
        description = {"Everything the case says about one IP, key, ARN, account, instance, ENI, bucket or name.",
                "Per source: the record count, first and last seen, top actions and outcomes; the keys, "
                        + "principals, IPs, user agents, instances, ENIs and buckets seen with it; and the findings that "
                        + "touch it."},
        footer = {"", "Examples:",
                "  cloudsift entity 203.0.113.45",
                "  cloudsift entity AKIAIOSFODNN7EXAMPLE --format jsonl",
                "  cloudsift entity arn:aws:iam::111122223333:role/Admin --timezone +05:30"})
public final class EntityCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Parameters(index = "0", paramLabel = "VALUE", description = "IPv4/IPv6, access key id, ARN, account id, instance id, ENI, bucket, user or session name.")
    String value;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or jsonl. Default: ${DEFAULT-VALUE}.")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("jsonl") && !format.equals("json")) {
            throw new UsageException("unknown format '" + format + "'; choose table or jsonl");
        }
        TimeDisplay time = display.time();
        EntityMatch match;
        try {
            match = EntityMatch.of(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            EntityProfile profile = new EntityPivot(store.connection()).profile(match);
            if (format.equals("table")) {
                printTable(profile, time, geo, out);
            } else {
                printJson(profile, geo, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void printTable(EntityProfile profile, TimeDisplay time, GeoIp geo, PrintWriter out) {
        out.println("Entity " + clean(geo.annotate(profile.entity().value())) + " (" + profile.entity().kindLabels() + "): "
                + profile.total() + " record" + (profile.total() == 1 ? "" : "s") + " in " + profile.sources().size()
                + " source" + (profile.sources().size() == 1 ? "" : "s"));
        if (profile.sources().isEmpty()) {
            out.println("(not seen in this case)");
            return;
        }
        out.println();
        out.println("By source:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"source", "records", "first seen", "last seen", "success", "failure", "unknown", "top actions"});
        for (SourceSummary source : profile.sources()) {
            rows.add(new String[] {clean(source.source()), Long.toString(source.count()), time.format(source.firstSeen()),
                    time.format(source.lastSeen()), Long.toString(source.successes()), Long.toString(source.failures()),
                    Long.toString(source.unknownOutcomes()), clean(counted(source.topActions(), 5), 120)});
        }
        IngestReport.printAligned(rows, out);
        out.println();
        out.println("Seen with it:");
        rows = new ArrayList<>();
        rows.add(new String[] {"kind", "records", "value"});
        for (String kind : EntityProfile.RELATED_KINDS) {
            for (Counted related : profile.related().getOrDefault(kind, List.of())) {
                rows.add(new String[] {kind, Long.toString(related.count()),
                        clean(kind.equals("ip") ? geo.annotate(related.value()) : related.value(), 160)});
            }
        }
        if (rows.size() == 1) {
            out.println("(nothing)");
        } else {
            IngestReport.printAligned(rows, out);
        }
        out.println();
        out.println("Findings touching it:");
        if (profile.findings().isEmpty()) {
            out.println("(none" + " — run a hunt first if the case was never hunted)");
        } else {
            rows = new ArrayList<>();
            rows.add(new String[] {"level", "count", "first", "last", "rule", "first summary"});
            for (RuleFindings rule : RuleFindings.group(profile.findings())) {
                rows.add(new String[] {clean(rule.level(), 13).toUpperCase(Locale.ROOT), Long.toString(rule.count()),
                        rule.first() == null ? "-" : time.format(rule.first()),
                        rule.count() == 1 || rule.last() == null ? "" : time.format(rule.last()), clean(rule.title(), 100),
                        rule.example() == null ? "" : clean(rule.example(), 120)});
            }
            IngestReport.printAligned(rows, out);
        }
    }

    private static void printJson(EntityProfile profile, GeoIp geo, PrintWriter out) throws Exception {
        JsonGenerator json = Json.FACTORY.createGenerator(out);
        json.writeStartObject();
        json.writeStringField("entity", profile.entity().value());
        if (geo.describe(profile.entity().value()) != null) {
            json.writeStringField("geo", geo.describe(profile.entity().value()));
        }
        json.writeArrayFieldStart("kinds");
        for (var kind : profile.entity().kinds()) {
            json.writeString(kind.name().toLowerCase(Locale.ROOT));
        }
        json.writeEndArray();
        json.writeNumberField("records", profile.total());
        json.writeArrayFieldStart("sources");
        for (SourceSummary source : profile.sources()) {
            json.writeStartObject();
            json.writeStringField("source", source.source());
            json.writeNumberField("records", source.count());
            json.writeStringField("first_seen", TimeDisplay.UTC.format(source.firstSeen()));
            json.writeStringField("last_seen", TimeDisplay.UTC.format(source.lastSeen()));
            json.writeNumberField("success", source.successes());
            json.writeNumberField("failure", source.failures());
            json.writeNumberField("unknown", source.unknownOutcomes());
            writeCounted(json, "top_actions", source.topActions(), GeoIp.NONE);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("related");
        for (String kind : EntityProfile.RELATED_KINDS) {
            if (profile.related().containsKey(kind)) {
                writeCounted(json, kind.replace(' ', '_'), profile.related().get(kind), kind.equals("ip") ? geo : GeoIp.NONE);
            }
        }
        json.writeEndObject();
        json.writeArrayFieldStart("findings");
        for (Finding finding : profile.findings()) {
            json.writeStartObject();
            json.writeStringField("level", finding.level());
            json.writeStringField("time", finding.time() == null ? null : TimeDisplay.UTC.format(finding.time()));
            json.writeStringField("rule_id", finding.ruleId());
            json.writeStringField("title", finding.title());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
        out.println();
    }

    private static void writeCounted(JsonGenerator json, String field, List<Counted> values, GeoIp geo) throws Exception {
        json.writeArrayFieldStart(field);
        for (Counted value : values) {
            json.writeStartObject();
            json.writeStringField("value", value.value());
            json.writeNumberField("records", value.count());
            if (geo.describe(value.value()) != null) {
                json.writeStringField("geo", geo.describe(value.value()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static String counted(List<Counted> values, int limit) {
        return values.stream().limit(limit).map(c -> c.value() + " ×" + c.count()).collect(Collectors.joining(", "));
    }

    private static String clean(String text) {
        return TerminalText.clean(text, 200);
    }

    private static String clean(String text, int max) {
        return TerminalText.clean(text, max);
    }
}
