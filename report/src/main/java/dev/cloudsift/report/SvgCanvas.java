package dev.cloudsift.report;

import dev.cloudsift.core.Nullable;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds one inline SVG element. Every piece of text (labels, tooltips, class names) passes through {@link Html#text};
 * tooltips are {@code <title>} children, never attributes, so nothing from the logs lands in an attribute but escaped.
 * No {@code style} attributes (the page's policy allows only its stylesheet, by hash): colours are classes of that
 * stylesheet, so the pictures share the tables' palette.
 */
final class SvgCanvas {
    /** A tooltip longer than this is cut: a title is for reading, the tables below hold the full text. */
    static final int MAX_TITLE_CHARS = 2000;

    private final StringBuilder svg = new StringBuilder(8192);

    SvgCanvas(String id, double width, double height, String label) {
        Objects.requireNonNull(id, "id");
        svg.append("<svg id=\"").append(Html.text(id)).append("\" class=\"picture\" viewBox=\"0 0 ").append(number(width)).append(' ')
                .append(number(height)).append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append(Html.text(label)).append("\">");
    }

    SvgCanvas rect(double x, double y, double width, double height, @Nullable String cssClass, @Nullable String title) {
        svg.append("<rect x=\"").append(number(x)).append("\" y=\"").append(number(y)).append("\" width=\"").append(number(Math.max(0, width)))
                .append("\" height=\"").append(number(Math.max(0, height))).append('"');
        attributes(cssClass);
        close("rect", title);
        return this;
    }

    SvgCanvas line(double x1, double y1, double x2, double y2, @Nullable String cssClass, @Nullable String title) {
        svg.append("<line x1=\"").append(number(x1)).append("\" y1=\"").append(number(y1)).append("\" x2=\"").append(number(x2))
                .append("\" y2=\"").append(number(y2)).append('"');
        attributes(cssClass);
        close("line", title);
        return this;
    }

    SvgCanvas circle(double cx, double cy, double r, @Nullable String cssClass, @Nullable String title) {
        svg.append("<circle cx=\"").append(number(cx)).append("\" cy=\"").append(number(cy)).append("\" r=\"").append(number(r)).append('"');
        attributes(cssClass);
        close("circle", title);
        return this;
    }

    /** A path whose {@code d} our own code computed from numbers (never text from the logs). */
    SvgCanvas path(String d, @Nullable String cssClass, @Nullable String title) {
        svg.append("<path d=\"").append(Html.text(d)).append('"');
        attributes(cssClass);
        close("path", title);
        return this;
    }

    /** Text anchored at start, middle or end; {@code text} is shown literally. */
    SvgCanvas text(double x, double y, String text, @Nullable String cssClass, String anchor, @Nullable String title) {
        svg.append("<text x=\"").append(number(x)).append("\" y=\"").append(number(y)).append('"');
        if (!anchor.equals("start")) {
            svg.append(" text-anchor=\"").append(Html.text(anchor)).append('"');
        }
        attributes(cssClass);
        svg.append('>');
        if (title != null) {
            title(title);
        }
        svg.append(Html.text(text)).append("</text>");
        return this;
    }

    /** Opens a group; its title is the tooltip of everything inside. */
    SvgCanvas group(@Nullable String cssClass, @Nullable String title) {
        svg.append("<g");
        attributes(cssClass);
        svg.append('>');
        if (title != null) {
            title(title);
        }
        return this;
    }

    SvgCanvas end() {
        svg.append("</g>");
        return this;
    }

    String finish() {
        return svg.append("</svg>").toString();
    }

    private void attributes(@Nullable String cssClass) {
        if (cssClass != null) {
            svg.append(" class=\"").append(Html.text(cssClass)).append('"');
        }
    }

    private void close(String element, @Nullable String title) {
        if (title == null) {
            svg.append("/>");
            return;
        }
        svg.append('>');
        title(title);
        svg.append("</").append(element).append('>');
    }

    private void title(String title) {
        svg.append("<title>").append(Html.text(cut(title, MAX_TITLE_CHARS))).append("</title>");
    }

    /** At most {@code max} code points, the last one an ellipsis when cut; never splits a surrogate pair. */
    static String cut(@Nullable String value, int max) {
        if (value == null) {
            return "";
        }
        if (value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        int end = value.offsetByCodePoints(0, Math.max(0, max - 1));
        return value.substring(0, end) + "…";
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
