package dev.cloudsift.formats.config;

import static dev.cloudsift.core.ColumnType.JSON;
import static dev.cloudsift.core.ColumnType.TIMESTAMP;
import static dev.cloudsift.core.ColumnType.VARCHAR;

import dev.cloudsift.core.Column;
import dev.cloudsift.core.EventsProjection;
import dev.cloudsift.core.TableSchema;
import java.util.List;

/** The {@code config} table every AWS Config shape writes: one row per configuration item. */
public final class ConfigTables {
    private ConfigTables() {}

    public static final TableSchema CONFIG = new TableSchema("config",
            "AWS Config configuration items from history and snapshot files, API output, change notifications "
                    + "and Config rule events, normalized to one set of field names", List.of(
            Column.of("capture_time", TIMESTAMP, "configurationItemCaptureTime: when Config recorded the item"),
            Column.of("status", VARCHAR, "configurationItemStatus: OK, ResourceDiscovered, ResourceDeleted, "
                    + "ResourceNotRecorded, ResourceDeletedNotRecorded"),
            Column.of("resource_type", VARCHAR, "resourceType, e.g. AWS::EC2::SecurityGroup"),
            Column.of("resource_id", VARCHAR, "resourceId"),
            Column.of("resource_name", VARCHAR, "resourceName"),
            Column.of("arn", VARCHAR, "ARN (files) or arn (API)"),
            Column.of("account_id", VARCHAR, "awsAccountId (files) or accountId (API)"),
            Column.of("region", VARCHAR, "awsRegion; global for global resources"),
            Column.of("availability_zone", VARCHAR, "availabilityZone"),
            Column.of("resource_creation_time", TIMESTAMP, "resourceCreationTime"),
            Column.of("tags", JSON, "tags as an object {key: value}"),
            Column.of("relationships", JSON, "relationships[]; the API's relationshipName is stored as name"),
            Column.of("related_events", JSON, "relatedEvents[] (empty since item version 1.3)"),
            Column.of("configuration", JSON, "configuration; the API's JSON string is parsed so every shape stores the same JSON"),
            Column.of("supplementary_configuration", JSON,
                    "supplementaryConfiguration; values that are JSON-encoded strings are parsed"),
            Column.of("configuration_state_id", VARCHAR, "configurationStateId (a number in files, a string in the API)"),
            Column.of("configuration_item_version", VARCHAR, "configurationItemVersion (files) or version (API)"),
            Column.of("md5_hash", VARCHAR, "configurationItemMD5Hash (API) or configurationStateMd5Hash (files); empty is null"),
            Column.of("shape", VARCHAR, "how the item arrived: history, snapshot, api-history, batch, select, "
                    + "notification, lambda-event, item"),
            Column.of("change_type", VARCHAR, "CREATE, UPDATE or DELETE from a change notification's configurationItemDiff"),
            Column.of("diff", JSON, "configurationItemDiff.changedProperties of a change notification"),
            Column.of("notification_time", TIMESTAMP, "notificationCreationTime of a change notification"),
            Column.of("s3_location", VARCHAR, "s3DeliverySummary.s3BucketLocation of an oversized-item notification: "
                    + "where the full item was written"),
            Column.of("message", VARCHAR, "one readable line: resource, status, change and the paths it changed"),
            Column.of("other", JSON, "the item's top-level fields no other column holds (fields Config adds later)")),
            EventsProjection.builder("config")
                    .set("event_time", "capture_time")
                    .set("account_id", "account_id")
                    .set("region", "region")
                    .set("action", "COALESCE(change_type, status)")
                    .set("outcome", "'unknown'")
                    .set("resource", "COALESCE(arn, resource_id)")
                    .set("message", "message")
                    .build());
}
