package dev.cloudsift.cli.release;

import dev.cloudsift.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the release archive's shell completions and man pages under a {@code share/} folder
 * (run by the build's release profile: {@code ShellFiles <share folder> <version>}).
 */
public final class ShellFiles {
    private ShellFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ShellFiles <share folder> <version>");
        }
        write(Path.of(args[0]), args[1]);
    }

    /** Writes bash and zsh completions and the man pages under {@code share}. */
    public static void write(Path share, String version) throws IOException {
        CommandLine commandLine = Main.newCommandLine();
        String name = commandLine.getCommandName();
        // picocli's own generator: bash's completion is the one it knows best
        writeFile(share.resolve("bash-completion/completions").resolve(name), AutoComplete.bash(name, commandLine));
        writeFile(share.resolve("zsh/site-functions").resolve("_" + name), new ZshCompletion(commandLine).script());
        for (Map.Entry<String, String> page : new ManPages(commandLine, version).pages().entrySet()) {
            writeFile(share.resolve("man/man1").resolve(page.getKey()), page.getValue());
        }
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
