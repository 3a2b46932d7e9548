package dev.cloudsift.spark;

import dev.cloudsift.store.ingest.FileResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cloudsift-spark ingest INPUT... --case DIR} and {@code cloudsift-spark hunt --case DIR [--rules PATH]...}:
 * the jobs' entry point for {@code spark-submit --class dev.cloudsift.spark.Main} and for the local launcher.
 */
public final class Main {
    private static final String USAGE = """
            usage: cloudsift-spark ingest INPUT... --case DIR [--option NAME=VALUE]... [--master URL]
                   cloudsift-spark hunt --case DIR [--rules PATH]... [--no-builtin] [--master URL]
            INPUT: files or folders (local paths), or Hadoop URIs (s3a://bucket/prefix) when the Hadoop configuration
            reaches them. --master defaults to local[*] when not started by spark-submit.""";

    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || !List.of("ingest", "hunt").contains(args[0])) {
            System.err.println(USAGE);
            return 2;
        }
        List<String> inputs = new ArrayList<>();
        List<Path> rules = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Path caseFolder = null;
        String master = null;
        boolean builtIn = true;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--case" -> {
                    String folder = value(args, ++i, arg);
                    if (folder.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                        // Path.of would make a local folder named "s3a:"; the driver needs a file system it can lock
                        System.err.println("--case must be a local or mounted folder, not " + folder + ": the driver writes"
                                + " the DuckDB catalogue there. Write the case to a mounted path (EFS, FSx, NFS) or a local"
                                + " one and copy it to S3 afterwards; the CLI rebuilds catalogue.duckdb from catalogue/ if it"
                                + " is left behind.");
                        return 2;
                    }
                    caseFolder = Path.of(folder);
                }
                case "--master" -> master = value(args, ++i, arg);
                case "--rules" -> rules.add(Path.of(value(args, ++i, arg)));
                case "--no-builtin" -> builtIn = false;
                case "--option" -> {
                    String option = value(args, ++i, arg);
                    int equals = option.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--option takes NAME=VALUE, not " + option);
                    }
                    options.put(option.substring(0, equals), option.substring(equals + 1));
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (arg.startsWith("--")) {
                        System.err.println("unknown option " + arg + "\n" + USAGE);
                        return 2;
                    }
                    inputs.add(arg);
                }
            }
        }
        if (caseFolder == null) {
            caseFolder = Path.of("cloudsift-case");
        }
        SparkConf conf = new SparkConf().setAppName("cloudsift " + args[0]);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master == null ? "local[*]" : master);
            conf.setIfMissing("spark.ui.enabled", "false");
            // local mode serves nothing to other machines: keep the driver's ports on loopback
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            if (args[0].equals("ingest")) {
                if (inputs.isEmpty()) {
                    System.err.println("ingest needs at least one input\n" + USAGE);
                    return 2;
                }
                SparkIngest.Summary summary = new SparkIngest(spark).run(inputs, caseFolder, options);
                print(summary);
            } else {
                SparkHunt.Summary summary = new SparkHunt(spark).run(caseFolder, builtIn, rules);
                summary.print(System.out);
                if (!summary.failures().isEmpty()) {
                    // the findings of those rules are incomplete: a script must not take the hunt for complete
                    return 1;
                }
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    private static void print(SparkIngest.Summary summary) {
        System.out.printf("ingest %d: %d files, %d records read, %d stored, %d duplicates, %d quarantined%n",
                summary.ingestId(), summary.files().size(), summary.read(), summary.stored(), summary.duplicates(),
                summary.quarantined());
        for (FileResult file : summary.files()) {
            String why = file.whyNothingStored();
            if (why != null || file.quarantined() > 0) {
                System.out.printf("  %s: %s%n", dev.cloudsift.core.TerminalText.clean(file.path(), 300),
                        dev.cloudsift.core.TerminalText.clean(why != null ? why : file.quarantined() + " quarantined: " + file.error(), 500));
            }
        }
        summary.warnings().forEach(warning -> System.out.println("warning: " + warning));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
