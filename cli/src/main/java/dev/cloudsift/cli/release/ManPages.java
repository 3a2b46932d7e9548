package dev.cloudsift.cli.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Writes roff man pages, section 1, one per command, from the picocli command model. */
public final class ManPages {
    private final CommandSpec root;
    private final String version;

    public ManPages(CommandLine commandLine, String version) {
        this.root = Objects.requireNonNull(commandLine, "commandLine").getCommandSpec();
        this.version = Objects.requireNonNull(version, "version");
    }

    /** Each page's file name ({@code cloudsift.1}, {@code cloudsift-ingest.1}, ...) and its roff text. */
    public Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        collect(root, pages);
        return pages;
    }

    private void collect(CommandSpec spec, Map<String, String> pages) {
        pages.put(pageName(spec) + ".1", page(spec));
        for (CommandLine sub : new java.util.LinkedHashSet<>(spec.subcommands().values())) {
            collect(sub.getCommandSpec(), pages);
        }
    }

    private String page(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        String name = pageName(spec);
        out.append(".\\\" Generated from the command model; regenerate rather than edit.\n");
        out.append(".TH ").append(escape(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" \"")
                .append(escape(root.name() + " " + version)).append("\" \"Cloudsift Manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');
        out.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip()))
                .append("\n.fi\n");
        List<String> description = paragraphs(spec.usageMessage().description());
        if (!description.isEmpty()) {
            out.append(".SH DESCRIPTION\n");
            appendParagraphs(out, description);
        }
        if (!spec.subcommands().isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> entry : spec.subcommands().entrySet()) {
                out.append(".TP\n.B ").append(escape(entry.getKey())).append('\n')
                        .append(escape(summary(entry.getValue().getCommandSpec()))).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : positionals) {
                out.append(".TP\n.I ").append(escape(positional.paramLabel())).append('\n');
                appendLines(out, positional.description());
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                out.append(".TP\n").append(optionTerm(option)).append('\n');
                appendLines(out, option.description());
            }
        }
        List<String> footer = paragraphs(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            out.append(".SH NOTES\n");
            appendParagraphs(out, footer);
        }
        out.append(".SH SEE ALSO\n");
        if (spec == root) {
            List<String> references = new ArrayList<>();
            for (CommandLine sub : new java.util.LinkedHashSet<>(spec.subcommands().values())) {
                references.add("\\fB" + escape(pageName(sub.getCommandSpec())) + "\\fR(1)");
            }
            out.append(String.join(",\n", references)).append('\n');
        } else {
            out.append("\\fB").append(escape(pageName(root))).append("\\fR(1)\n");
        }
        return out.toString();
    }

    private static String optionTerm(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add("\\fB" + escape(name) + "\\fR");
        }
        String term = String.join(", ", names);
        if (option.arity().max() > 0 && !(option.typeInfo().isBoolean() && option.arity().max() == 0)) {
            term += " \\fI" + escape(option.paramLabel()) + "\\fR";
        }
        return term;
    }

    private static void appendLines(StringBuilder out, String[] description) {
        List<String> paragraphs = paragraphs(description);
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                out.append(".br\n");
            }
            out.append(escape(paragraphs.get(i))).append('\n');
        }
    }

    private static void appendParagraphs(StringBuilder out, List<String> paragraphs) {
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                out.append(".PP\n");
            }
            out.append(escape(paragraphs.get(i))).append('\n');
        }
    }

    /** Description lines as plain text: picocli's markup and variables resolved, blank lines dropped. */
    private static List<String> paragraphs(String[] lines) {
        List<String> paragraphs = new ArrayList<>();
        if (lines == null) {
            return paragraphs;
        }
        for (String line : lines) {
            String text = plain(line);
            if (!text.isEmpty()) {
                paragraphs.add(text);
            }
        }
        return paragraphs;
    }

    private static String plain(String line) {
        String text = Help.Ansi.OFF.string(line == null ? "" : line);
        return text.replace("%n", " ").replaceAll("\\s+", " ").strip();
    }

    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        List<String> lines = paragraphs(header.length > 0 ? header : spec.usageMessage().description());
        if (lines.isEmpty()) {
            return "";
        }
        String text = lines.get(0);
        int stop = text.indexOf(". ");
        return stop > 0 ? text.substring(0, stop + 1) : text;
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** Escapes text for roff: backslashes and hyphens, and a leading dot or quote that would start a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
