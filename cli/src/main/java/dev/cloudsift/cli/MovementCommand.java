package dev.cloudsift.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cloudsift.cli.output.CsvCells;
import dev.cloudsift.cli.output.OutputFormat;
import dev.cloudsift.cli.output.Terminal;
import dev.cloudsift.core.Json;
import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.movement.Movement;
import dev.cloudsift.investigate.movement.MovementFilter;
import dev.cloudsift.investigate.movement.MovementRow;
import dev.cloudsift.investigate.movement.MovementSizes;
import dev.cloudsift.store.CaseStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift movement}: what data was read or sent out, by whom, from where, to where. */
@Command(name = "movement", mixinStandardHelpOptions = true,
        description = {"What data left: S3 objects read, bytes sent to public addresses, resources shared to foreign accounts.",
                "Per principal, access key, source address, resource and destination: requests (S3 requests, flow connections"
                        + " or share calls), distinct objects, bytes, first and last time, and the logs each figure comes from."
                        + " S3 requests seen in both S3 access logs and CloudTrail data events (same request id) count once, with"
                        + " the access log's Bytes Sent, else CloudTrail's bytesTransferredOut. Flow egress counts each connection"
                        + " once, on the interface where it leaves to a public address, never again on a NAT gateway's interface."
                        + " A share is to an account that is not the case's own (CloudTrail recipients, Config, S3 path hints),"
                        + " or to everyone. csv, json and jsonl add one total row per kind (total = true), times in UTC."},
        footer = {"", "Examples:", "  cloudsift movement",
                "  cloudsift movement --entity AKIAEXAMPLELEAKED001 --from 2025-11-04T09:00:00Z",
                "  cloudsift movement --format jsonl > movement.jsonl"})
public final class MovementCommand implements Callable<Integer> {
    private static final List<String> COLUMNS = List.of("kind", "total", "principal", "access_key_id", "source_ip", "resource",
            "destination", "requests", "objects", "bytes", "first", "last", "sources");

    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Option(names = "--from", paramLabel = "TIME",
            description = "First time counted (inclusive); a date alone is the start of that day, UTC.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Last time counted (exclusive); a date alone includes that whole day, UTC.")
    String to;

    @Option(names = "--entity", paramLabel = "VALUE",
            description = "Only rows naming this principal (ARN or user/role/session name), account, access key, address,"
                    + " bucket, instance, interface or destination.")
    String entity;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or jsonl. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--limit", paramLabel = "ROWS", defaultValue = "100",
            description = "Table rows shown, largest first within each kind (0 = all); the totals count every row."
                    + " Default: ${DEFAULT-VALUE}.")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat outputFormat = OutputFormats.parse(format);
        TimeDisplay time = display.time();
        Instant fromTime = DisplayOptions.parseTime("--from", from, false);
        Instant toTime = DisplayOptions.parseTime("--to", to, true);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new UsageException("--from must be before --to");
        }
        if (limit < 0) {
            throw new UsageException("--limit must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (GeoIp geo = display.geo(); CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            Movement movement = Movement.of(store, new MovementFilter(fromTime, toTime, entity));
            boolean terminal = Terminal.stdoutIsTerminal();
            switch (outputFormat) {
                case TABLE -> printTable(movement, time, geo, out, limit);
                case CSV -> printCsv(records(movement), out, terminal);
                case JSON, JSONL -> printJson(records(movement), out, outputFormat == OutputFormat.JSONL, terminal);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void printTable(Movement movement, TimeDisplay time, GeoIp geo, PrintWriter out, int limit) {
        if (movement.isEmpty()) {
            out.println("No data read or sent out: no successful S3 object reads, no accepted flows to public addresses,"
                    + " no shares to foreign accounts" + (movement.filter().entity() == null ? "" : " for this entity") + ".");
            return;
        }
        MovementRow s3 = movement.s3Total();
        if (s3 != null) {
            out.println("S3 reads: " + s3.requests() + " requests, " + s3.objects() + " objects, " + MovementSizes.bytes(s3.bytes())
                    + ", " + span(s3, time) + " (" + TerminalText.clean(s3.sourcesText(), 200) + ")");
        }
        MovementRow flow = movement.flowTotal();
        if (flow != null) {
            out.println("Flow egress to public addresses: " + flow.requests() + " connections, " + MovementSizes.bytes(flow.bytes())
                    + ", " + span(flow, time) + " (" + TerminalText.clean(flow.sourcesText(), 200) + ")");
        }
        if (!movement.shares().isEmpty()) {
            out.println("Shares to foreign accounts or everyone: " + movement.shares().size());
        }
        if (!movement.natInterfaces().isEmpty()) {
            List<String> nat = new ArrayList<>();
            movement.natInterfaces().forEach((eni, how) -> nat.add(eni + " (" + how + ")"));
            out.println("NAT gateway interfaces, not counted again: " + TerminalText.clean(String.join(", ", nat), 400));
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"kind", "principal", "key", "source", "resource", "destination", "requests", "objects", "bytes",
                "first", "last", "from logs"});
        List<MovementRow> all = shown(movement, limit);
        for (MovementRow row : all) {
            rows.add(new String[] {row.kind().label(), row.principal(), row.accessKeyId(), address(row.sourceIp(), geo),
                    row.resource(), address(row.destination(), geo), Long.toString(row.requests()),
                    row.objects() == null ? "" : Long.toString(row.objects()),
                    row.bytes() == null ? "" : MovementSizes.exact(row.bytes()), time.format(row.first()), time.format(row.last()),
                    row.sourcesText()});
        }
        TextTable.print(rows, out, 70);
        int total = movement.rows().size();
        if (all.size() < total) {
            out.println("(" + all.size() + " of " + total + " rows; raise --limit, narrow with --entity/--from/--to, or use"
                    + " --format csv or jsonl for all)");
        }
    }

    /** The first rows of each kind, so a case with a million flow rows still shows its S3 reads and shares. */
    private static List<MovementRow> shown(Movement movement, int limit) {
        if (limit == 0) {
            return movement.rows();
        }
        List<MovementRow> rows = new ArrayList<>();
        for (List<MovementRow> kind : List.of(movement.s3Reads(), movement.flowEgress(), movement.shares())) {
            rows.addAll(kind.subList(0, Math.min(limit, kind.size())));
        }
        return rows;
    }

    private static String span(MovementRow row, TimeDisplay time) {
        return time.format(row.first()) + " to " + time.format(row.last());
    }

    private static String address(String value, GeoIp geo) {
        return value == null || !Character.isDigit(value.isEmpty() ? 'x' : value.charAt(0)) && !value.contains(":") ? value
                : geo.annotate(value);
    }

    /** Rows then the totals, as flat records in UTC. */
    static List<Map<String, Object>> records(Movement movement) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (MovementRow row : movement.rows()) {
            records.add(record(row, false));
        }
        for (MovementRow total : new MovementRow[] {movement.s3Total(), movement.flowTotal()}) {
            if (total != null) {
                records.add(record(total, true));
            }
        }
        return records;
    }

    private static Map<String, Object> record(MovementRow row, boolean total) {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("kind", row.kind().label());
        record.put("total", total);
        record.put("principal", total ? null : row.principal());
        record.put("access_key_id", total ? null : row.accessKeyId());
        record.put("source_ip", total ? null : row.sourceIp());
        record.put("resource", total ? null : row.resource());
        record.put("destination", total ? null : row.destination());
        record.put("requests", row.requests());
        record.put("objects", row.objects());
        record.put("bytes", row.bytes());
        record.put("first", row.first() == null ? null : row.first().toString());
        record.put("last", row.last() == null ? null : row.last().toString());
        record.put("sources", row.sources());
        return record;
    }

    private static void printCsv(List<Map<String, Object>> records, PrintWriter out, boolean terminal) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
        printer.printRecord(COLUMNS);
        for (Map<String, Object> record : records) {
            List<String> cells = new ArrayList<>();
            for (String column : COLUMNS) {
                Object value = record.get(column);
                String text = value == null ? "" : value instanceof Map<?, ?> map ? sourcesCell(map) : value.toString();
                cells.add(CsvCells.cell(text, terminal));
            }
            printer.printRecord(cells);
        }
        printer.flush();
    }

    private static String sourcesCell(Map<?, ?> sources) {
        List<String> parts = new ArrayList<>();
        sources.forEach((source, count) -> parts.add(source + "=" + count));
        return String.join(" ", parts);
    }

    private static void printJson(List<Map<String, Object>> records, PrintWriter out, boolean lines, boolean terminal) throws IOException {
        JsonGenerator generator = Json.FACTORY.createGenerator(out);
        if (terminal) {
            generator.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        }
        generator.setCodec(Json.MAPPER);
        if (!lines) {
            generator.writeStartArray();
        }
        for (Map<String, Object> record : records) {
            generator.writeObject(record);
            if (lines) {
                generator.flush();
                out.write('\n');
            }
        }
        if (!lines) {
            generator.writeEndArray();
            generator.flush();
            out.write('\n');
        }
        generator.flush();
    }
}
