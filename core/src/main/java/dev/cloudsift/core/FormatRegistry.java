package dev.cloudsift.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The formats on the class path, and the choice of one for a sample. */
public final class FormatRegistry {
    private final List<LogFormat> formats;
    /** The highest score any format from index i on can return: a score at least that high cannot be beaten. */
    private final int[] highestFrom;

    public FormatRegistry(List<LogFormat> formats) {
        this.formats = List.copyOf(formats);
        this.highestFrom = new int[this.formats.size() + 1];
        highestFrom[this.formats.size()] = LogFormat.NO;
        for (int i = this.formats.size() - 1; i >= 0; i--) {
            highestFrom[i] = Math.max(highestFrom[i + 1], this.formats.get(i).highestScore());
        }
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
     * The format with the highest positive sniff score; ties go to the first by name. Formats after one whose score
     * none of them can exceed are not asked (a CloudTrail file is not also parsed by the Config sniffers).
     */
    public Optional<LogFormat> sniff(Sample sample) {
        LogFormat best = null;
        int bestScore = LogFormat.NO;
        for (int i = 0; i < formats.size() && bestScore < highestFrom[i]; i++) {
            LogFormat format = formats.get(i);
            int score;
            try {
                score = format.sniff(sample);
            } catch (RuntimeException bug) {
                // A sniffer that throws must not take the whole ingest down; it simply does not claim the file.
                score = LogFormat.NO;
            }
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
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
