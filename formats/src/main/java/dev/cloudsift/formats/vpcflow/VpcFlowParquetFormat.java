package dev.cloudsift.formats.vpcflow;

import dev.cloudsift.core.EventReader;
import dev.cloudsift.core.LogFormat;
import dev.cloudsift.core.Sample;
import dev.cloudsift.core.SourceContext;
import dev.cloudsift.core.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** VPC flow logs delivered to S3 as Parquet (the "Parquet" log file format option), read with DuckDB's reader. */
public final class VpcFlowParquetFormat implements LogFormat {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Column names only flow logs have; visible in the sample when the Parquet footer fits in it. */
    private static final List<String> FLOW_COLUMNS = List.of("interface_id", "log_status", "srcaddr", "pkt_srcaddr");

    @Override
    public String name() {
        return "vpcflow.parquet";
    }

    @Override
    public String description() {
        return "VPC flow logs delivered to S3 in Parquet";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(VpcFlowTables.VPCFLOW);
    }

    @Override
    public int sniff(Sample sample) {
        byte[] head = sample.head();
        if (head.length < MAGIC.length || head[0] != MAGIC[0] || head[1] != MAGIC[1] || head[2] != MAGIC[2]
                || head[3] != MAGIC[3]) {
            return NO;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        boolean flowColumns = FLOW_COLUMNS.stream().filter(text::contains).count() >= 2;
        // A large file's schema sits in its footer, beyond the sample: then the S3 layout is the best evidence.
        boolean flowPrefix = "vpcflowlogs".equals(sample.hints().service());
        return flowColumns || flowPrefix ? STRONG / 2 : WEAK;
    }

    @Override
    public EventReader open(InputStream content, SourceContext context) throws IOException {
        return VpcFlowParquetReader.open(content, context.hints());
    }
}
