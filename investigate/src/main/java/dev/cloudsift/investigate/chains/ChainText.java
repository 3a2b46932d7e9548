package dev.cloudsift.investigate.chains;

import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.TimeDisplay;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Renders chains as an indented tree of plain text lines (the caller makes each line safe for its output). */
public final class ChainText {
    private final TimeDisplay time;
    private final UnaryOperator<String> enrichIp;

    public ChainText(TimeDisplay time, UnaryOperator<String> enrichIp) {
        this.time = time;
        this.enrichIp = enrichIp;
    }

    public void render(ChainNode node, String indent, boolean last, boolean root, List<String> lines) {
        String branch = root ? "" : indent + (last ? "└─ " : "├─ ");
        String childIndent = root ? "" : indent + (last ? "   " : "│  ");
        if (node.issuedBy() != null) {
            lines.add(branch + issuance(node.issuedBy()));
            branch = childIndent + "   ";
        }
        lines.add(branch + key(node.activity()) + (node.note() == null ? "" : "  [" + node.note() + "]"));
        String detailIndent = (node.issuedBy() != null ? childIndent + "   " : childIndent) ;
        if (node.activity().calls() > 0) {
            lines.add(detailIndent + "   " + activity(node.activity()));
        }
        for (int i = 0; i < node.children().size(); i++) {
            render(node.children().get(i), detailIndent, i == node.children().size() - 1, false, lines);
        }
    }

    private String issuance(Issuance issuance) {
        StringBuilder text = new StringBuilder(issuance.eventName()).append(' ').append(time.format(issuance.time()));
        text.append(" by ").append(issuance.caller() == null ? "?" : issuance.caller());
        if (issuance.roleArn() != null) {
            text.append(" → ").append(issuance.roleArn());
        }
        if (issuance.sessionName() != null) {
            text.append(issuance.eventName().equals("CreateAccessKey") ? " (for user " : " (session ")
                    .append(issuance.sessionName()).append(')');
        }
        if (issuance.sourceIp() != null) {
            text.append(" from ").append(enrichIp.apply(issuance.sourceIp()));
        }
        if (issuance.crossAccount()) {
            text.append("  [cross-account ").append(issuance.callerAccount()).append(" → ").append(issuance.targetAccount()).append(']');
        }
        return text.toString();
    }

    private static String key(KeyActivity activity) {
        StringBuilder text = new StringBuilder(activity.accessKeyId());
        if (activity.principal() != null) {
            text.append("  ").append(activity.principal());
        }
        if (activity.instanceId() != null) {
            text.append("  [instance ").append(activity.instanceId());
            if (activity.roleDelivery() != null) {
                text.append(activity.roleDelivery().startsWith("1") ? ", IMDSv1" : ", IMDSv2");
            }
            text.append(']');
        }
        return text.toString();
    }

    private String activity(KeyActivity activity) {
        return activity.calls() + " call" + (activity.calls() == 1 ? "" : "s") + " " + time.format(activity.first())
                + " .. " + time.format(activity.last()) + "; top: " + counted(activity.topActions(), UnaryOperator.identity())
                + "; from " + counted(activity.sourceIps(), enrichIp);
    }

    private static String counted(List<Counted> values, UnaryOperator<String> show) {
        return values.stream().map(c -> show.apply(c.value()) + " ×" + c.count()).collect(Collectors.joining(", "));
    }
}
