package dev.cloudsift.cli.release;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Writes a native zsh completion function ({@code _cloudsift}) from the picocli command model. */
public final class ZshCompletion {
    private final CommandSpec root;

    public ZshCompletion(CommandLine commandLine) {
        this.root = Objects.requireNonNull(commandLine, "commandLine").getCommandSpec();
    }

    /** The file's text: a {@code #compdef} function zsh autoloads from a folder on its fpath. */
    public String script() {
        StringBuilder out = new StringBuilder();
        out.append("#compdef ").append(root.name()).append('\n');
        out.append("# Generated from the command model; regenerate rather than edit.\n\n");
        writeFunction(out, root, functionName(root));
        out.append('\n').append(functionName(root)).append(" \"$@\"\n");
        return out.toString();
    }

    private void writeFunction(StringBuilder out, CommandSpec spec, String name) {
        Map<String, CommandLine> subcommands = spec.subcommands();
        out.append(name).append("() {\n");
        if (subcommands.isEmpty()) {
            out.append("  _arguments -s");
            for (String argument : arguments(spec)) {
                out.append(" \\\n    ").append(argument);
            }
            out.append("\n}\n\n");
            return;
        }
        out.append("  local curcontext=\"$curcontext\" state line\n");
        out.append("  typeset -A opt_args\n");
        out.append("  _arguments -C");
        for (String argument : options(spec)) {
            out.append(" \\\n    ").append(argument);
        }
        out.append(" \\\n    '1: :->command' \\\n    '*:: :->argument'\n");
        out.append("  case $state in\n");
        out.append("    command)\n      local -a commands\n      commands=(\n");
        for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
            String summary = summary(entry.getValue().getCommandSpec());
            out.append("        ").append(quote(entry.getKey().replace(":", "\\:") + ":" + summary)).append('\n');
        }
        out.append("      )\n      _describe -t commands command commands\n      ;;\n");
        out.append("    argument)\n      case $line[1] in\n");
        for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
            out.append("        ").append(entry.getKey()).append(") ")
                    .append(functionName(entry.getValue().getCommandSpec())).append(" ;;\n");
        }
        out.append("      esac\n      ;;\n  esac\n}\n\n");
        for (CommandLine sub : new java.util.LinkedHashSet<>(subcommands.values())) {
            writeFunction(out, sub.getCommandSpec(), functionName(sub.getCommandSpec()));
        }
    }

    private static List<String> arguments(CommandSpec spec) {
        List<String> arguments = options(spec);
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.hidden()) {
                continue;
            }
            String position = positional.isMultiValue() ? "*" : String.valueOf(positional.index().min() + 1);
            String label = positional.paramLabel().replaceAll("[<>:]", "");
            arguments.add(quote(position + ":" + label + ":" + action(positional)));
        }
        return arguments;
    }

    private static List<String> options(CommandSpec spec) {
        List<String> arguments = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String exclusions = option.isMultiValue() ? "*" : "(" + String.join(" ", option.names()) + ")";
            String description = "[" + escapeBrackets(summary(option.description())) + "]";
            String argument = option.typeInfo().isBoolean() && option.arity().max() == 0
                    ? "" : ":" + option.paramLabel().replaceAll("[<>:]", "") + ":" + action(option);
            for (String optionName : option.names()) {
                arguments.add(quote(exclusions + optionName + description + argument));
            }
        }
        return arguments;
    }

    /** What zsh offers for a value: files for paths, the listed values for an enum, nothing otherwise. */
    private static String action(ArgSpec arg) {
        Class<?> type = arg.typeInfo().getType();
        List<Class<?>> auxiliary = List.of(arg.auxiliaryTypes());
        if (type == Path.class || type == File.class || auxiliary.contains(Path.class) || auxiliary.contains(File.class)) {
            return "_files";
        }
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates != null) {
            List<String> values = new ArrayList<>();
            candidates.forEach(value -> values.add(value.replaceAll("[^A-Za-z0-9_.,+-]", "")));
            if (!values.isEmpty()) {
                return "(" + String.join(" ", values) + ")";
            }
        }
        return " ";
    }

    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        return summary(header.length > 0 ? header : spec.usageMessage().description());
    }

    /** The first sentence of a description, on one line, without picocli's markup. */
    private static String summary(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String text = description[0].replaceAll("@\\|\\S+ ", "").replace("|@", "").replaceAll("\\s+", " ").trim();
        text = text.replaceAll("\\$\\{[^}]*}", "");
        int stop = text.indexOf(". ");
        return stop > 0 ? text.substring(0, stop + 1) : text;
    }

    private static String escapeBrackets(String text) {
        return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }

    private static String functionName(CommandSpec spec) {
        return "_" + spec.qualifiedName("_").replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Single-quotes a word for zsh. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
