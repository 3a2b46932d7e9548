package dev.cloudsift.cli;

import dev.cloudsift.core.TerminalText;
import dev.cloudsift.investigate.GeoIp;
import dev.cloudsift.investigate.chains.ChainNode;
import dev.cloudsift.investigate.chains.ChainText;
import dev.cloudsift.investigate.chains.RoleChains;
import dev.cloudsift.store.CaseStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cloudsift chain}: follow credentials through AssumeRole and friends. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = {"Follow credentials through AssumeRole and the other calls that issue them, as a tree.",
                "Goes backward to the first key the case knows and forward through every AssumeRole, "
                        + "AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetSessionToken and GetFederationToken call made "
                        + "with them, as a tree with times, what each key did and from where. Instance-profile sessions "
                        + "show their instance; cross-account hops are marked. Depth and size are bounded; cycles end the "
                        + "walk."},
        footer = {"", "Examples:",
                "  cloudsift chain AKIAIOSFODNN7EXAMPLE",
                "  cloudsift chain arn:aws:iam::111122223333:role/Admin"})
public final class ChainCommand implements Callable<Integer> {
    @Mixin
    CaseOption caseOption;

    @Mixin
    DisplayOptions display;

    @Parameters(index = "0", paramLabel = "KEY|ARN", description = "An access key id (AKIA…/ASIA…) or an ARN (user, role or assumed role).")
    String value;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!value.startsWith("arn:") && !value.matches("(AKIA|ASIA)[A-Z0-9]{12,124}")) {
            throw new UsageException("'" + value + "' is neither an access key id (AKIA…, ASIA…) nor an ARN");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CaseStore store = CaseStore.openReadOnly(caseOption.file()); GeoIp geo = display.geo(store)) {
            ChainText text = new ChainText(display.time(), geo::annotate);
            List<ChainNode> trees = new RoleChains(store.connection()).follow(value);
            if (trees.isEmpty()) {
                out.println("No CloudTrail record in this case uses or issues " + TerminalText.clean(value, 200) + ".");
            }
            for (ChainNode tree : trees) {
                List<String> lines = new ArrayList<>();
                text.render(tree, "", true, true, lines);
                lines.forEach(line -> out.println(TerminalText.clean(line, 400)));
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
