package dev.cloudsift.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.IntStream;

/** The formats on the class path, and the choice of one for a sample. */
public final class FormatRegistry {
    private final List<LogFormat> formats;
    /**
     * Indexes into {@code formats}, the formats that may score highest first (then by name): once one has scored,
     * those left that cannot beat it are not asked.
     */
    private final int[] askOrder;

    public FormatRegistry(List<LogFormat> formats) {
        this.formats = List.copyOf(formats);
        this.askOrder = IntStream.range(0, this.formats.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -this.formats.get(i).highestScore())
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Every format registered through {@code META-INF/services/dev.cloudsift.core.LogFormat}, in name order. */
    public static FormatRegistry load() {
        List<LogFormat> found = new ArrayList<>();
        ServiceLoader.load(LogFormat.class, FormatRegistry.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(LogFormat::name));
        return new FormatRegistry(found);
    }

    public List<LogFormat> formats() {
        return formats;
    }

    public Optional<LogFormat> byName(String name) {
        return formats.stream().filter(format -> format.name().equals(name)).findFirst();
    }

    /**
     * The format with the highest positive sniff score; ties go to the first by name. A format that cannot beat the
     * best score so far is not asked (a CloudTrail file is not also scanned by the Config sniffers).
     */
    public Optional<LogFormat> sniff(Sample sample) {
        int best = -1;
        int bestScore = LogFormat.NO;
        for (int index : askOrder) {
            LogFormat format = formats.get(index);
            int highest = format.highestScore();
            if (highest < bestScore) {
                break; // the order puts every format left at or below this one
            }
            if (highest == bestScore && index > best) {
                continue; // at most a tie, and ties go to the earlier name
            }
            int score;
            try {
                score = format.sniff(sample);
            } catch (RuntimeException bug) {
                // A sniffer that throws must not take the whole ingest down; it simply does not claim the file.
                score = LogFormat.NO;
            }
            if (score > bestScore || score == bestScore && score > LogFormat.NO && index < best) {
                best = index;
                bestScore = score;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(formats.get(best));
    }

    /** Every table declared by any format, by name; a conflicting second declaration is a programming error. */
    public Map<String, TableSchema> tables() {
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        for (LogFormat format : formats) {
            for (TableSchema table : format.tables()) {
                TableSchema previous = tables.putIfAbsent(table.name(), table);
                if (previous != null && !previous.columns().equals(table.columns())) {
                    throw new IllegalStateException("formats declare table " + table.name() + " differently");
                }
            }
        }
        return tables;
    }
}
