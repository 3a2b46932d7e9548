package dev.cloudsift.detect;

import java.util.List;
import java.util.Objects;

/** The boolean tree a rule's detection and condition compile to; evaluated in SQL or in Java alike. */
sealed interface Expression {
    /** Every child holds. */
    record All(List<Expression> children) implements Expression {
        public All {
            children = List.copyOf(children);
        }
    }

    /** At least {@code minimum} children hold ({@code 1} = or). */
    record AtLeast(int minimum, List<Expression> children) implements Expression {
        public AtLeast {
            children = List.copyOf(children);
        }
    }

    /** The child does not hold. */
    record Not(Expression child) implements Expression {
        public Not {
            Objects.requireNonNull(child, "child");
        }
    }

    /** A test of one field. */
    record Field(String field, Match match) implements Expression {
        public Field {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(match, "match");
        }
    }

    /** A field-less (keyword) test over the record text. */
    record Keyword(Match match) implements Expression {
        public Keyword {
            Objects.requireNonNull(match, "match");
        }
    }

    /** A constant (an empty list of values can never match). */
    record Constant(boolean value) implements Expression {}

    static Expression any(List<Expression> children) {
        if (children.size() == 1) {
            return children.get(0);
        }
        return children.isEmpty() ? new Constant(false) : new AtLeast(1, children);
    }

    static Expression all(List<Expression> children) {
        if (children.size() == 1) {
            return children.get(0);
        }
        return children.isEmpty() ? new Constant(true) : new All(children);
    }
}
