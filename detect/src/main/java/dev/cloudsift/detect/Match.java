package dev.cloudsift.detect;

import java.util.Objects;

/** What one field (or the record text) is tested for: the leaves of a rule's expression. */
sealed interface Match {
    /** The value equals a wildcard pattern (contains/startswith/endswith already folded into the pattern). */
    record Text(ValuePattern pattern, boolean cased) implements Match {
        public Text {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The value contains a match for a regular expression; flags are carried inline ({@code (?ims)}). */
    record Regex(String regex) implements Match {
        public Regex {
            Objects.requireNonNull(regex, "regex");
        }
    }

    /** The value is an IP address inside a CIDR block. */
    record Cidr(IpNetwork network) implements Match {
        public Cidr {
            Objects.requireNonNull(network, "network");
        }
    }

    /** The value, read as a number, compares with a bound. */
    record Compare(Comparison comparison, double bound) implements Match {
        public Compare {
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    /** A part of the value read as a UTC timestamp (the time modifiers) compares with a number. */
    record TimePart(DatePart part, Comparison comparison, int bound) implements Match {
        public TimePart {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    /** The field is present (or absent when {@code present} is false). */
    record Exists(boolean present) implements Match {}

    /** The field is missing or null. */
    record Null() implements Match {}

    /** The value relates to another field's value of the same record. */
    record FieldReference(String otherField, TextRelation relation, boolean cased) implements Match {
        public FieldReference {
            Objects.requireNonNull(otherField, "otherField");
            Objects.requireNonNull(relation, "relation");
        }
    }

    /** A number comparison. */
    enum Comparison {
        LT("<"), LTE("<="), GT(">"), GTE(">="), EQ("="), NEQ("<>");

        final String sql;

        Comparison(String sql) {
            this.sql = sql;
        }

        boolean test(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LTE -> value <= bound;
                case GT -> value > bound;
                case GTE -> value >= bound;
                case EQ -> value == bound;
                case NEQ -> value != bound;
            };
        }
    }

    /** How a field reference compares the two values. */
    enum TextRelation { EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH }
}
