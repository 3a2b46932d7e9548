package dev.cloudsift.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition over named search identifiers. Precedence from loosest to tightest:
 * {@code or}, {@code and}, {@code not}, {@code x of}, parentheses.
 */
final class ConditionParser {
    private static final int MAX_TOKENS = 2_000;
    private static final int MAX_DEPTH = 100;

    private final Map<String, Expression> identifiers;
    private final String condition;
    private final List<String> tokens;
    private int position;
    private int depth;

    private ConditionParser(Map<String, Expression> identifiers, String condition) {
        this.identifiers = identifiers;
        this.condition = condition;
        this.tokens = tokenize(condition);
    }

    static Expression parse(String condition, Map<String, Expression> identifiers) {
        ConditionParser parser = new ConditionParser(identifiers, condition);
        if (parser.tokens.isEmpty()) {
            throw new RuleException("empty condition");
        }
        Expression expression = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.position) + "'");
        }
        return expression;
    }

    private static List<String> tokenize(String condition) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < condition.length()) {
            char c = condition.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < condition.length() && !Character.isWhitespace(condition.charAt(i))
                        && condition.charAt(i) != '(' && condition.charAt(i) != ')') {
                    i++;
                }
                tokens.add(condition.substring(start, i));
            }
            if (tokens.size() > MAX_TOKENS) {
                throw new RuleException("condition longer than " + MAX_TOKENS + " tokens");
            }
        }
        return tokens;
    }

    private Expression or() {
        List<Expression> children = new ArrayList<>();
        children.add(and());
        while (peekKeyword("or")) {
            position++;
            children.add(and());
        }
        return Expression.any(children);
    }

    private Expression and() {
        List<Expression> children = new ArrayList<>();
        children.add(not());
        while (peekKeyword("and")) {
            position++;
            children.add(not());
        }
        return Expression.all(children);
    }

    private Expression not() {
        if (peekKeyword("not")) {
            position++;
            enter();
            Expression child = not();
            depth--;
            return new Expression.Not(child);
        }
        return primary();
    }

    private Expression primary() {
        String token = next("a search identifier, 'not', 'x of' or '('");
        if (token.equals("(")) {
            enter();
            Expression inner = or();
            depth--;
            String close = next("')'");
            if (!close.equals(")")) {
                throw error("expected ')' but found '" + close + "'");
            }
            return inner;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase("of")
                && (lower.equals("all") || lower.chars().allMatch(Character::isDigit))) {
            position++;
            String target = next("'them' or a search identifier pattern after 'of'");
            List<Expression> selected = select(target);
            if (lower.equals("all")) {
                return Expression.all(selected);
            }
            int minimum = Integer.parseInt(lower.length() > 6 ? "1000000" : lower);
            if (minimum < 1) {
                throw error("'" + token + " of' needs a count of at least 1");
            }
            return minimum == 1 ? Expression.any(selected) : new Expression.AtLeast(minimum, selected);
        }
        if (isKeyword(lower) || token.equals(")")) {
            throw error("expected a search identifier but found '" + token + "'");
        }
        Expression expression = identifiers.get(token);
        if (expression == null) {
            throw error("unknown search identifier '" + token + "'");
        }
        return expression;
    }

    private List<Expression> select(String target) {
        List<Expression> selected = new ArrayList<>();
        if (target.equalsIgnoreCase("them")) {
            identifiers.forEach((name, expression) -> {
                if (!name.startsWith("_")) {
                    selected.add(expression);
                }
            });
        } else {
            Pattern pattern = ValuePattern.parse(target).toRegex(true);
            identifiers.forEach((name, expression) -> {
                if (pattern.matcher(name).matches()) {
                    selected.add(expression);
                }
            });
        }
        if (selected.isEmpty()) {
            throw error("'" + target + "' matches no search identifier");
        }
        return selected;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean peekKeyword(String keyword) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword);
    }

    private static boolean isKeyword(String lower) {
        return lower.equals("and") || lower.equals("or") || lower.equals("not") || lower.equals("of")
                || lower.equals("them");
    }

    private String next(String expected) {
        if (position >= tokens.size()) {
            throw error("expected " + expected + " at the end");
        }
        return tokens.get(position++);
    }

    private RuleException error(String message) {
        return new RuleException("condition '" + condition + "': " + message);
    }
}
