package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.store.CaseStore;
import dev.cloudsift.store.evidence.EvidenceException;
import dev.cloudsift.store.evidence.RawRecords;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift raw}: a stored record byte for byte as it appears in its original file. */
@Command(name = "raw", mixinStandardHelpOptions = true,
        description = {"Print a stored record byte for byte as it appears in its original file, read from the case's "
                + "evidence (or the referenced original, after checking its SHA-256).",
                "ID is a row id or the source's own event id (e.g. a CloudTrail eventID); several matches are each "
                + "printed, with their file on stderr.",
                "A record inside an envelope (a CloudWatch message, a LookupEvents CloudTrailEvent string, a base64+gzip "
                + "subscription payload, a Parquet row) is decoded, and stderr says so.",
                "Anything odd about the stored record (events.anomalies, e.g. duplicate_key:eventName, no_time) is "
                + "noted on stderr.",
                "On a terminal control characters are shown escaped; into a pipe or file the bytes are exact."},
        footer = {"", "Examples:",
                "  cloudsift raw 2bbfd884-c780-40d6-bb44-60ae7a201aa5",
                "  cloudsift raw 1042 > record.json",
                "", "Exit codes: 0 printed, 1 no such record, or its original bytes are missing or changed."})
public final class RawCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Parameters(index = "0", paramLabel = "ID", description = "Row id or the source's own event id.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file())) {
            RawRecords records = new RawRecords(store);
            List<RawRecords.Pointer> found = records.find(id);
            if (found.isEmpty()) {
                err.println("cloudsift raw: no record with row id or event id " + TerminalText.clean(id, 200));
                return ExitCodes.ERROR;
            }
            for (int i = 0; i < found.size(); i++) {
                RawRecords.Pointer pointer = found.get(i);
                RawRecords.Raw raw = records.read(pointer);
                if (found.size() > 1) {
                    err.println("row " + pointer.rowId() + " (" + pointer.source() + ") from "
                            + TerminalText.clean(pointer.originFile(), 1000) + ", byte " + pointer.offset() + ":");
                }
                if (raw.decodedFrom() != null) {
                    err.println("decoded from " + TerminalText.clean(raw.decodedFrom(), 1000) + " of "
                            + TerminalText.clean(pointer.originFile(), 1000));
                }
                List<String> anomalies = records.anomalies(pointer.rowId());
                if (!anomalies.isEmpty()) {
                    // The bytes alone do not say which of two eventName keys the case kept; the note does.
                    err.println("anomalies: " + TerminalText.clean(String.join(", ", anomalies), 2000));
                }
                if (raw.lengthGuessed()) {
                    err.println("the record's length was not recorded: printed up to the end of its line");
                }
                err.flush();
                write(raw.bytes(), terminal);
                if (found.size() > 1 && i < found.size() - 1) {
                    write("\n".getBytes(StandardCharsets.US_ASCII), terminal);
                }
            }
        } catch (EvidenceException e) {
            err.println("cloudsift raw: " + TerminalText.clean(e.getMessage(), 2000));
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }

    /** To a terminal the text with control characters escaped; anywhere else the bytes as they are. */
    private void write(byte[] bytes, boolean terminal) {
        if (terminal) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(TerminalText.clean(new String(bytes, StandardCharsets.UTF_8)));
            out.flush();
            return;
        }
        spec.commandLine().getOut().flush();
        PrintStream out = System.out;
        out.write(bytes, 0, bytes.length);
        out.flush();
    }
}
