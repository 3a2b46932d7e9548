package dev.cloudsift.formats.config;

/** How a configuration item reached us; stored in {@code config.shape}. */
enum ConfigShape {
    HISTORY("history"),
    SNAPSHOT("snapshot"),
    API_HISTORY("api-history"),
    BATCH("batch"),
    SELECT("select"),
    NOTIFICATION("notification"),
    LAMBDA_EVENT("lambda-event"),
    ITEM("item");

    private final String columnValue;

    ConfigShape(String columnValue) {
        this.columnValue = columnValue;
    }

    String columnValue() {
        return columnValue;
    }
}
