package dev.cloudsift.investigate.gaps;

import dev.cloudsift.investigate.CaseTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the CloudTrail calls that blind the investigator: one SQL pass over {@code cloudtrail} with a rule per call.
 * Calls whose parameters show no loss of logging (a PutBucketLogging that enables logging, an UpdateDetector that
 * keeps the detector on, a long retention) are left out.
 */
public final class LoggingTampering {
    /** Retention shorter than this many days counts as shortening the evidence window. */
    public static final int SHORT_RETENTION_DAYS = 30;

    private static final String CALLS = """
            event_name IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors',
              'DeleteFlowLogs', 'StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel',
              'DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount',
              'StopMonitoringMembers', 'DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy', 'PutBucketLogging',
              'DeleteLoggingConfiguration', 'DeleteWebACL', 'DeleteSubscriptionFilter', 'DisableSecurityHub',
              'DeleteAnalyzer', 'DeleteDestination', 'DisableOrganizationAdminAccount')""";

    /** The calls, read from the parts of the dates that hold any ({dates}: those dates, {calls}: {@link #CALLS}). */
    private static final String SQL = """
            WITH c AS (
              SELECT event_time, coalesce(recipient_account_id, user_account_id) AS account_id, aws_region AS region,
                     event_name, coalesce(user_arn, session_issuer_arn, user_invoked_by, user_principal_id) AS principal,
                     src_ip, error_code, event_source, request_parameters AS p
              FROM stored_cloudtrail
              WHERE {dates} AND {calls})
            SELECT event_time, account_id, region, event_name, principal, src_ip, error_code, coalesce(CASE event_name
              WHEN 'StopLogging' THEN 'stopped CloudTrail logging of ' || coalesce(json_extract_string(p, '$.name'), 'a trail')
              WHEN 'DeleteTrail' THEN 'deleted trail ' || coalesce(json_extract_string(p, '$.name'), '(name not recorded)')
              WHEN 'UpdateTrail' THEN 'changed trail ' || coalesce(json_extract_string(p, '$.name'), '(name not recorded)')
                  || ' (may redirect or narrow it): ' || coalesce(left(CAST(p AS VARCHAR), 300), 'no parameters recorded')
              WHEN 'PutEventSelectors' THEN 'changed event selectors of ' || coalesce(json_extract_string(p, '$.trailName'), 'a trail')
                  || ' (may stop data or management events): ' || coalesce(left(CAST(p AS VARCHAR), 300), 'no parameters recorded')
              WHEN 'PutInsightSelectors' THEN 'changed Insights selectors of ' || coalesce(json_extract_string(p, '$.trailName'), 'a trail')
              WHEN 'DeleteFlowLogs' THEN 'deleted VPC flow logs ' || coalesce(left(CAST(p AS VARCHAR), 200), '(no parameters recorded)')
              WHEN 'StopConfigurationRecorder' THEN 'stopped AWS Config recorder ' || coalesce(json_extract_string(p, '$.configurationRecorderName'), '')
              WHEN 'DeleteConfigurationRecorder' THEN 'deleted AWS Config recorder ' || coalesce(json_extract_string(p, '$.configurationRecorderName'), '')
              WHEN 'DeleteDeliveryChannel' THEN 'deleted AWS Config delivery channel ' || coalesce(json_extract_string(p, '$.deliveryChannelName'), '')
              WHEN 'DeleteDetector' THEN 'deleted GuardDuty detector ' || coalesce(json_extract_string(p, '$.detectorId'), '')
              WHEN 'UpdateDetector' THEN 'disabled GuardDuty detector ' || coalesce(json_extract_string(p, '$.detectorId'), '')
              WHEN 'DisassociateFromMasterAccount' THEN 'detached GuardDuty from its administrator account'
              WHEN 'DisassociateFromAdministratorAccount' THEN 'detached GuardDuty from its administrator account'
              WHEN 'StopMonitoringMembers' THEN 'stopped GuardDuty monitoring of member accounts'
              WHEN 'DeleteLogGroup' THEN 'deleted log group ' || coalesce(json_extract_string(p, '$.logGroupName'), '')
              WHEN 'DeleteLogStream' THEN 'deleted log stream ' || coalesce(json_extract_string(p, '$.logGroupName'), '')
                  || ' ' || coalesce(json_extract_string(p, '$.logStreamName'), '')
              WHEN 'PutRetentionPolicy' THEN 'shortened retention of log group ' || coalesce(json_extract_string(p, '$.logGroupName'), '')
                  || ' to ' || coalesce(json_extract_string(p, '$.retentionInDays'), '?') || ' days'
              WHEN 'PutBucketLogging' THEN 'disabled S3 server access logging of bucket ' || coalesce(json_extract_string(p, '$.bucketName'), '')
              WHEN 'DeleteLoggingConfiguration' THEN 'deleted logging configuration of ' || coalesce(json_extract_string(p, '$.ResourceArn'),
                  json_extract_string(p, '$.resourceArn'), 'a web ACL')
              WHEN 'DeleteWebACL' THEN 'deleted web ACL ' || coalesce(json_extract_string(p, '$.Name'), json_extract_string(p, '$.webACLId'), '')
                  || ' and with it its logging'
              WHEN 'DeleteSubscriptionFilter' THEN 'deleted subscription filter of log group ' || coalesce(json_extract_string(p, '$.logGroupName'), '')
              WHEN 'DisableSecurityHub' THEN 'disabled Security Hub'
              WHEN 'DeleteAnalyzer' THEN 'deleted IAM Access Analyzer ' || coalesce(json_extract_string(p, '$.analyzerName'), '')
              WHEN 'DeleteDestination' THEN 'deleted CloudWatch Logs destination ' || coalesce(json_extract_string(p, '$.destinationName'), '')
              ELSE 'removed the delegated administrator of ' || coalesce(json_extract_string(p, '$.servicePrincipal'), 'a security service')
            END, event_name) AS effect
            FROM c
            WHERE CASE event_name
              WHEN 'UpdateDetector' THEN coalesce(lower(json_extract_string(p, '$.enable')), '') = 'false'
              WHEN 'PutRetentionPolicy' THEN TRY_CAST(json_extract_string(p, '$.retentionInDays') AS INTEGER) < %d
              WHEN 'PutBucketLogging' THEN json_extract(p, '$.BucketLoggingStatus.LoggingEnabled') IS NULL
              WHEN 'DeleteDetector' THEN event_source LIKE 'guardduty%%'
              WHEN 'DeleteAnalyzer' THEN event_source LIKE 'access-analyzer%%'
              WHEN 'DeleteDestination' THEN event_source LIKE 'logs%%'
              ELSE true END
            ORDER BY event_time, event_name""".formatted(SHORT_RETENTION_DAYS);

    private final Connection connection;

    public LoggingTampering(Connection connection) {
        this.connection = connection;
    }

    public List<TamperingEvent> find() throws SQLException {
        List<TamperingEvent> events = new ArrayList<>();
        if (!CaseTables.exists(connection, "cloudtrail")) {
            return events;
        }
        String dates = CaseTables.datesMatching(connection, "cloudtrail", CALLS);
        if (dates == null) {
            return events;
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(SQL.replace("{dates}", dates).replace("{calls}", CALLS))) {
            while (result.next()) {
                if (result.getObject(1) == null) {
                    continue;
                }
                events.add(new TamperingEvent(CaseTables.instant(result, 1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6), result.getString(7), result.getString(8)));
            }
        }
        return events;
    }
}
