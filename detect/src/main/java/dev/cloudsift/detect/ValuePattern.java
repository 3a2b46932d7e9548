package dev.cloudsift.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Sigma string value as literal text and wildcards ({@code *} any run, {@code ?} one character).
 * A backslash escapes {@code *}, {@code ?} and itself; before any other character it is a literal backslash.
 */
record ValuePattern(List<Object> tokens) {
    /** A wildcard token. */
    enum Wildcard { MANY, ONE }

    ValuePattern {
        tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
    }

    static ValuePattern parse(String value) {
        List<Object> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()
                    && (value.charAt(i + 1) == '*' || value.charAt(i + 1) == '?' || value.charAt(i + 1) == '\\')) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                flush(literal, tokens);
                tokens.add(c == '*' ? Wildcard.MANY : Wildcard.ONE);
            } else {
                literal.append(c);
            }
        }
        flush(literal, tokens);
        return new ValuePattern(tokens);
    }

    static ValuePattern literal(String text) {
        return new ValuePattern(text.isEmpty() ? List.of() : List.of(text));
    }

    private static void flush(StringBuilder literal, List<Object> tokens) {
        if (literal.length() > 0) {
            tokens.add(literal.toString());
            literal.setLength(0);
        }
    }

    boolean hasWildcards() {
        return tokens.stream().anyMatch(token -> token instanceof Wildcard);
    }

    /** The literal text; only meaningful without wildcards. */
    String text() {
        StringBuilder text = new StringBuilder();
        for (Object token : tokens) {
            if (token instanceof String literal) {
                text.append(literal);
            }
        }
        return text.toString();
    }

    ValuePattern withLeadingMany() {
        if (!tokens.isEmpty() && tokens.get(0) == Wildcard.MANY) {
            return this;
        }
        List<Object> copy = new ArrayList<>();
        copy.add(Wildcard.MANY);
        copy.addAll(tokens);
        return new ValuePattern(copy);
    }

    ValuePattern withTrailingMany() {
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1) == Wildcard.MANY) {
            return this;
        }
        List<Object> copy = new ArrayList<>(tokens);
        copy.add(Wildcard.MANY);
        return new ValuePattern(copy);
    }

    /** The same pattern with its literal text lower-cased (case-insensitive matching compares lower-cased text). */
    ValuePattern lowerCase() {
        List<Object> lowered = new ArrayList<>();
        for (Object token : tokens) {
            lowered.add(token instanceof String literal ? literal.toLowerCase(java.util.Locale.ROOT) : token);
        }
        return new ValuePattern(lowered);
    }

    /** The pattern for SQL {@code LIKE ... ESCAPE '\'}. */
    String toLike() {
        StringBuilder like = new StringBuilder();
        for (Object token : tokens) {
            if (token == Wildcard.MANY) {
                like.append('%');
            } else if (token == Wildcard.ONE) {
                like.append('_');
            } else {
                for (char c : ((String) token).toCharArray()) {
                    if (c == '%' || c == '_' || c == '\\') {
                        like.append('\\');
                    }
                    like.append(c);
                }
            }
        }
        return like.toString();
    }

    /** A Java regular expression matching the whole value. */
    Pattern toRegex(boolean cased) {
        StringBuilder regex = new StringBuilder();
        for (Object token : tokens) {
            if (token == Wildcard.MANY) {
                regex.append(".*");
            } else if (token == Wildcard.ONE) {
                regex.append('.');
            } else {
                regex.append(Pattern.quote((String) token));
            }
        }
        int flags = Pattern.DOTALL;
        if (!cased) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        return Pattern.compile(regex.toString(), flags);
    }

    /** The value as Sigma text, wildcards as {@code *}/{@code ?} and literals escaped (for summaries and tests). */
    String toSigma() {
        StringBuilder sigma = new StringBuilder();
        for (Object token : tokens) {
            if (token == Wildcard.MANY) {
                sigma.append('*');
            } else if (token == Wildcard.ONE) {
                sigma.append('?');
            } else {
                for (char c : ((String) token).toCharArray()) {
                    if (c == '*' || c == '?' || c == '\\') {
                        sigma.append('\\');
                    }
                    sigma.append(c);
                }
            }
        }
        return sigma.toString();
    }
}
