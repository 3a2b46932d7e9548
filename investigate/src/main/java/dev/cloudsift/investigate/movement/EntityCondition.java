package dev.cloudsift.investigate.movement;

/**
 * The SQL twin of {@link MovementRow#names}: the same entity test over a query's principal, key, address, resource
 * and destination expressions, against a lower-cased parameter {@code e} of a one-row CTE {@code wanted}, so S3 and
 * flow totals (distinct objects, connections) are computed over exactly the rows the entity selects.
 */
final class EntityCondition {
    private EntityCondition() {}

    static String sql(String principal, String accessKey, String sourceIp, String resource, String destination) {
        String p = "lower(" + principal + ")";
        return "(wanted.e IS NULL OR " + p + " = wanted.e OR lower(" + accessKey + ") = wanted.e OR lower(" + sourceIp
                + ") = wanted.e OR lower(" + resource + ") = wanted.e OR lower(" + destination + ") = wanted.e"
                + " OR ends_with(" + p + ", '/' || wanted.e) OR contains(" + p + ", ':' || wanted.e || ':')"
                + " OR contains(" + p + ", '/' || wanted.e || '/') OR starts_with(lower(" + resource + "), wanted.e || ' ')"
                + " OR contains(lower(" + resource + "), '(' || wanted.e || ')'))";
    }
}
