package dev.cloudsift.report;

import dev.cloudsift.core.Nullable;
import dev.cloudsift.investigate.Counted;
import dev.cloudsift.investigate.TimeDisplay;
import dev.cloudsift.investigate.chains.ChainNode;
import dev.cloudsift.investigate.chains.Issuance;
import dev.cloudsift.investigate.chains.KeyActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Role chains as a layered graph in inline SVG: access keys, the sessions they were issued, the roles those sessions
 * are, and what was done with them, left to right. The layout is a plain longest-path layering with one barycentre
 * pass to cut crossings; columns and rows are bounded (the text form below the graph keeps every key), and each label
 * is cut to its box with the full text in its tooltip.
 */
final class ChainGraph {
    static final String ID = "chain-graph";
    static final int MAX_LAYERS = 8;
    static final int MAX_PER_LAYER = 14;
    static final int ACTIONS_PER_KEY = 3;

    private static final double WIDTH = 1200;
    private static final double HEADER = 24;
    private static final double ROW = 30;
    private static final double BOX = 22;
    private static final double GAP = 36;
    private static final double CHAR = 6.6;
    /** A few columns stay this narrow rather than stretching over the page. */
    private static final double MAX_COLUMN = 300;

    private enum Kind {
        KEY("access keys"), SESSION("sessions"), ROLE("roles"), ACTION("actions"), MORE("");

        final String heading;

        Kind(String heading) {
            this.heading = heading;
        }
    }

    private static final class Node {
        final String id;
        final Kind kind;
        final String label;
        String title;
        long count;
        int layer;
        int row;

        Node(String id, Kind kind, String label, String title, int layer) {
            this.id = id;
            this.kind = kind;
            this.label = label;
            this.title = title;
            this.layer = layer;
        }
    }

    private record Edge(String from, String to, String title, boolean crossAccount) {}

    private final TimeDisplay time;
    private final UnaryOperator<String> place;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    /** @param place an address with what is known of it ({@code 203.0.113.9 [DE, AS3320]}) */
    ChainGraph(TimeDisplay time, UnaryOperator<String> place) {
        this.time = Objects.requireNonNull(time, "time");
        this.place = Objects.requireNonNull(place, "place");
    }

    /** The graph of these trees, or a sentence when there are none. */
    String render(List<ChainNode> trees) {
        if (trees.isEmpty()) {
            return "<p id=\"" + ID + "-empty\" class=\"meta\">No role chains to draw.</p>";
        }
        for (ChainNode tree : trees) {
            add(tree, null, 0);
        }
        int lastLayer = nodes.values().stream().filter(n -> n.kind != Kind.ACTION).mapToInt(n -> n.layer).max().orElse(0) + 1;
        for (Node node : nodes.values()) {
            if (node.kind == Kind.ACTION) {
                node.layer = lastLayer;
                node.title = node.label + " ×" + node.count + " (" + node.title + ")";
            }
        }
        List<List<Node>> layers = layers(Math.min(lastLayer + 1, MAX_LAYERS));
        return draw(layers, lastLayer + 1 > MAX_LAYERS);
    }

    private void add(ChainNode tree, @Nullable Node parent, int layer) {
        KeyActivity activity = tree.activity();
        Issuance issuance = tree.issuedBy();
        Node self = nodes.get("k:" + activity.accessKeyId());
        // a key met again (a cycle) gets its edge but not its actions twice
        boolean fresh = self == null;
        if (fresh) {
            String label = parent == null ? activity.accessKeyId() + " " + IncidentPicture.shortName(orEmpty(activity.principal()))
                    : issuance != null && issuance.sessionName() != null ? issuance.sessionName() + " " + activity.accessKeyId()
                    : activity.accessKeyId();
            // ASIA… keys are temporary (sessions); AKIA… are long-term keys, also when a chain creates one (persistence)
            Kind kind = activity.accessKeyId().startsWith("ASIA") ? Kind.SESSION : Kind.KEY;
            self = node("k:" + activity.accessKeyId(), kind, label, label + "\n" + describe(tree), layer);
        }
        Node owner = self;
        String roleArn = issuance != null && issuance.roleArn() != null ? issuance.roleArn() : roleOf(activity.principal());
        if (parent != null && issuance != null) {
            edges.add(new Edge(parent.id, self.id, issuance.eventName() + " at " + time.format(issuance.time()) + " by "
                    + orEmpty(issuance.caller()) + (issuance.sourceIp() == null ? "" : " from " + place.apply(issuance.sourceIp()))
                    + (issuance.crossAccount() ? " (cross-account: " + issuance.callerAccount() + " → " + issuance.targetAccount() + ")" : ""),
                    issuance.crossAccount()));
        }
        if (roleArn != null && fresh) {
            Node role = nodes.get("r:" + roleArn);
            if (role == null) {
                role = node("r:" + roleArn, Kind.ROLE, IncidentPicture.shortName(roleArn), roleArn, layer + 1);
            }
            role.layer = Math.max(role.layer, layer + 1);
            edges.add(new Edge(self.id, role.id, activity.accessKeyId() + " is a session of " + roleArn, false));
            owner = role;
        }
        int shown = 0;
        for (Counted action : fresh ? activity.topActions() : List.<Counted>of()) {
            if (shown++ >= ACTIONS_PER_KEY) {
                break;
            }
            String id = "a:" + owner.id + "\u0000" + action.value();
            Node node = nodes.get(id);
            if (node == null) {
                node = node(id, Kind.ACTION, action.value(), "by " + owner.label, 0);
                edges.add(new Edge(owner.id, id, owner.label + " called " + action.value(), false));
            }
            node.count += action.count();
        }
        for (ChainNode child : tree.children()) {
            add(child, self, layer + 1);
        }
    }

    private Node node(String id, Kind kind, String label, String title, int layer) {
        Node node = new Node(id, kind, label, title, layer);
        nodes.put(id, node);
        return node;
    }

    private String describe(ChainNode tree) {
        KeyActivity activity = tree.activity();
        List<String> lines = new ArrayList<>();
        lines.add(activity.accessKeyId() + (activity.principal() == null ? "" : " = " + activity.principal()));
        if (activity.accountId() != null) {
            lines.add("account " + activity.accountId());
        }
        lines.add(activity.calls() + " calls" + (activity.first() == null ? "" : ", " + time.format(activity.first()) + " to "
                + time.format(activity.last())));
        if (!activity.sourceIps().isEmpty()) {
            List<String> ips = new ArrayList<>();
            for (Counted ip : activity.sourceIps()) {
                ips.add(place.apply(ip.value()) + " ×" + ip.count());
            }
            lines.add("from " + String.join(", ", ips));
        }
        if (activity.instanceId() != null) {
            lines.add("instance " + activity.instanceId() + (activity.roleDelivery() == null ? "" : ", IMDS " + activity.roleDelivery()));
        }
        if (tree.note() != null) {
            lines.add(tree.note());
        }
        return String.join("\n", lines);
    }

    /** Nodes per layer in drawing order, at most {@link #MAX_PER_LAYER} each (the rest become one "+N more" node). */
    private List<List<Node>> layers(int count) {
        List<List<Node>> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(new ArrayList<>());
        }
        for (Node node : nodes.values()) {
            if (node.layer < count) {
                layers.get(node.layer).add(node);
            }
        }
        Map<String, List<String>> parents = new HashMap<>();
        for (Edge edge : edges) {
            parents.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge.from());
        }
        for (int i = 0; i < layers.size(); i++) {
            List<Node> layer = layers.get(i);
            if (i > 0) {
                // barycentre: each node near the mean row of its parents, which keeps chains straight
                Map<Node, Double> centre = new HashMap<>();
                for (Node node : layer) {
                    centre.put(node, parents.getOrDefault(node.id, List.of()).stream().map(nodes::get)
                            .filter(p -> p != null && p.layer < node.layer).mapToDouble(p -> p.row).average().orElse(Double.MAX_VALUE));
                }
                layer.sort(Comparator.comparingDouble(centre::get));
            }
            if (layer.size() > MAX_PER_LAYER) {
                int hidden = layer.size() - (MAX_PER_LAYER - 1);
                layer.subList(MAX_PER_LAYER - 1, layer.size()).clear();
                layer.add(new Node("more:" + i, Kind.MORE, "+" + hidden + " more", hidden + " more not drawn; the text below lists them", i));
            }
            for (int row = 0; row < layer.size(); row++) {
                layer.get(row).row = row;
            }
        }
        return layers;
    }

    private String draw(List<List<Node>> layers, boolean cut) {
        int rows = layers.stream().mapToInt(List::size).max().orElse(1);
        double column = Math.min(MAX_COLUMN, (WIDTH - 8) / layers.size());
        double box = column - GAP;
        int chars = (int) Math.max(4, Math.floor((box - 8) / CHAR));
        double height = HEADER + rows * ROW + (cut ? 20 : 6);
        SvgCanvas svg = new SvgCanvas(ID, WIDTH, height, "role chains: access keys, sessions, roles and actions");
        Map<String, double[]> at = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Node> layer = layers.get(i);
            double x = 4 + i * column;
            double offset = (rows - layer.size()) * ROW / 2;
            List<String> headings = layer.stream().map(n -> n.kind.heading).filter(h -> !h.isEmpty()).distinct().toList();
            svg.text(x, 14, String.join(" / ", headings), "chain-heading", "start", null);
            for (Node node : layer) {
                at.put(node.id, new double[] {x, HEADER + offset + node.row * ROW});
            }
        }
        for (Edge edge : edges) {
            double[] from = at.get(edge.from());
            double[] to = at.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            double x1 = from[0] + box;
            double y1 = from[1] + BOX / 2;
            double x2 = to[0];
            double y2 = to[1] + BOX / 2;
            double middle = (x1 + x2) / 2;
            svg.path("M" + SvgCanvas.number(x1) + " " + SvgCanvas.number(y1) + " C" + SvgCanvas.number(middle) + " " + SvgCanvas.number(y1)
                    + " " + SvgCanvas.number(middle) + " " + SvgCanvas.number(y2) + " " + SvgCanvas.number(x2) + " " + SvgCanvas.number(y2),
                    edge.crossAccount() ? "edge cross-account" : "edge", edge.title());
        }
        for (List<Node> layer : layers) {
            for (Node node : layer) {
                double[] xy = at.get(node.id);
                String label = node.kind == Kind.ACTION ? node.label + " ×" + node.count : node.label;
                svg.group("node node-" + node.kind.name().toLowerCase(java.util.Locale.ROOT), node.title);
                svg.rect(xy[0], xy[1], box, BOX, null, null);
                svg.text(xy[0] + 4, xy[1] + 15, SvgCanvas.cut(label, chars), null, "start", null);
                svg.end();
            }
        }
        if (cut) {
            svg.text(4, height - 6, "chains deeper than " + MAX_LAYERS + " columns are cut here; the text below has them whole",
                    "lane-detail", "start", null);
        }
        return svg.finish();
    }

    /** {@code arn:aws:iam::1:role/Name} for a session principal {@code arn:aws:sts::1:assumed-role/Name/session}, else null. */
    static @Nullable String roleOf(@Nullable String principal) {
        if (principal == null || !principal.startsWith("arn:aws:sts::")) {
            return null;
        }
        String[] parts = principal.split(":", 6);
        if (parts.length < 6 || !parts[5].startsWith("assumed-role/")) {
            return null;
        }
        String[] path = parts[5].split("/");
        return path.length < 2 || path[1].isEmpty() ? null : "arn:aws:iam::" + parts[4] + ":role/" + path[1];
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
