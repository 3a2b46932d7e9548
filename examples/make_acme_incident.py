#!/usr/bin/env python3
"""Writes the bundled example incident under examples/acme-incident/ (deterministic, standard library only).

The story (all times UTC, 2026-11-03; account 111122223333 "acme-prod", workload in eu-west-1; the attacker is
203.0.113.77, the password sprayer 192.0.2.10, the office 198.51.100.0/24):
  - Normal work all day: developers and the CI role from the office; customers browse www.acme.example through
    an ALB (app/acme-web-alb/5f1e2d3c4b5a6978, WAF web ACL acme-web-acl) to the web instance i-0a1b2c3d4e5f60718
    (10.0.1.15, eni-0a1b2c3d4e5f6071a, security group sg-0web0000000000001, SSH open to the office only).
  - 08:20-08:34 the attacker probes the web application: a Nikto scan, XSS, sqlmap, and SSRF attempts at the
    instance metadata service (169.254.169.254). WAF blocks the scan, XSS and SQL injection; the metadata rule
    of the core rule set only counts (rule action override), so the SSRF requests reach the instance, which
    requires IMDSv2 tokens: the preview endpoint fails (400) and no role credentials leave.
  - 08:38 the password sprayer port-scans the web instance (refused), 08:41-08:44 sprays the console (root and
    admin names), 08:46 tries the finance bucket anonymously (403).
  - 09:02 the long-term key of IAM user ci-deployer, leaked in a public repository, is used from the attacker:
    GetCallerIdentity, then enumeration of IAM, S3 and EC2 across many regions, with a burst of AccessDenied.
  - 09:11 persistence: a new user support-svc with an access key, a console password and
    AdministratorAccess; 09:14 a console login as support-svc without MFA.
  - 09:20 the attacker assumes role backup-admin and reads the finance export bucket acme-finance-exports
    (60 GetObject), reads secrets in bulk, shares an EBS snapshot with account 999988887777.
  - 09:34 an SSH attempt is refused; 09:35:09 SSH is opened to the world on the web security group;
    09:35:41 an SSH brute force (16 connections, 48 passwords), 09:38:03 a password login as ec2-user, a root
    shell, a backdoor account sysupdate in wheel; 09:39:28 a second login pulls a 640 MiB archive with scp.
  - 09:37:30 a c5.24xlarge (i-0c0ffee0c0ffee001, 10.0.1.200) starts, fetches its payload from the attacker and
    mines at 192.0.2.50:3333 until the end of the data.
  - 09:41 covers tracks: deletes the VPC flow log fl-0a1b2c3d4e5f60001, stops the Config recorder, stops the
    trail, and deletes the last eu-west-1 trail file (09:45) from the trail bucket.

What each source shows (paths under examples/acme-incident/):
  - CloudTrail (AWSLogs/.../CloudTrail/): trail files per region per 5 minutes, events in no order inside a
    file; the 09:45 eu-west-1 file is missing (deleted). exports/lookup-events-page-*.json: an analyst's
    `aws cloudtrail lookup-events` dump, overlapping the trail files (same eventIDs: stored once) and holding
    the management events the trail no longer delivered, including those of the deleted file.
  - CloudTrail digests (AWSLogs/.../CloudTrail-Digest/eu-west-1/): a chain of three digests (hourly, then the
    final one when logging stopped). Hashes are correct (log files and previous digest, over inflated bytes);
    signatures are NOT: CloudTrail signs with its RSA key and the standard library cannot sign, so every
    previousDigestSignature is a placeholder and signature checks must not be expected to pass. The last
    digest lists the deleted 09:45 file.
  - VPC flow logs (AWSLogs/.../vpcflowlogs/eu-west-1/): a version-5 custom field order (header line first),
    1-minute aggregation, one file per 5 minutes of record end times: customers to the ALB nodes, the ALB to
    the web instance, the office SSH session, the sprayer's refused scan, the refused SSH attempt, the brute
    force, the two accepted SSH connections and the 640 MiB egress (srcport 22), the miner's payload download
    and pool traffic, REJECTs to a second pool, NODATA rows of a quiet worker and of the booting miner. Nothing
    after the 09:40 window: the flow log was deleted at 09:41:02.
  - S3 server access logs (s3-access/acme-finance-exports/YYYY-MM-DD-HH-MM-SS-UNIQUE): the trail's data-event
    selector covers objects under exports/ only. The same 60 GetObject and the ListObjects as the CloudTrail
    data events, with the same Request ID (CloudTrail requestID) and Host Id (additionalEventData.x-amz-id-2);
    plus what CloudTrail lacks: the web role's hourly HEAD and GET of reports/, the sprayer's anonymous 403s.
    Files are delivered late and out of order, one line straggles into a later file.
  - WAF (AWSLogs/.../WAFLogs/eu-west-1/acme-web-acl/YYYY/MM/DD/HH/mm/): one JSON record per line; normal
    traffic, the attacker's blocked scan, XSS and SQL injection, and the SSRF requests allowed with a COUNT
    match of EC2MetaDataSSRF_QUERYARGUMENTS.
  - ALB access logs (AWSLogs/.../elasticloadbalancing/eu-west-1/): the same requests, one file per node per
    5 minutes; the trace id equals the WAF requestId; blocked requests are 403 with actions "waf".
  - CloudWatch Logs: exportedlogs/<task>/i-0a1b2c3d4e5f60718/000000.gz, an export of the web instance's
    /var/log/secure (brute force, logins, sudo, useradd, usermod, passwd) and the export's aws-logs-write-test
    marker; exports/filter-log-events-acme-cloudtrail.json, the trail's CloudWatch Logs copy of the eu-west-1
    management events from 09:30 (same eventIDs as the trail files and Event history: duplicates).
  - CloudWatch metrics (exports/get-metric-data-ec2.json): 5-minute NetworkOut (the sum of the instance's egress
    in the flow records) and CPUUtilization of the web instance and the miner, 06:00-12:00, SEARCH-style labels.
  - AWS Config (AWSLogs/.../Config/eu-west-1/2026/11/3/): a 06:00 snapshot (web security group, finance bucket,
    web instance, ci-deployer) and history files: support-svc discovered then given AdministratorAccess, the
    security group with 0.0.0.0/0 on port 22, the miner discovered; no item after 09:41:40 (recorder stopped).
    File names carry the resource type with "::" written as "_" (AWS writes "::", which Windows cannot check
    out; nothing reads the type from the name).

Run: python3 examples/make_acme_incident.py  (rewrites examples/acme-incident/)
"""
import datetime as dt
import gzip
import hashlib
import json
import os
import random
import shutil
import urllib.parse
import uuid

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-incident")
ACCOUNT = "111122223333"
DAY = dt.datetime(2026, 11, 3, tzinfo=dt.timezone.utc)
rnd = random.Random(20261103)  # the CloudTrail part; the other sources draw from their own generator (below)
if os.path.isdir(ROOT):
    shutil.rmtree(ROOT)  # a deterministic tree: nothing left over from an earlier run

OFFICE = ["198.51.100.%d" % i for i in (10, 11, 12, 23, 42)]
ATTACKER = "203.0.113.77"
SPRAYER = "192.0.2.10"
ATTACKER_UA = "aws-cli/2.13.0 Python/3.11.4 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off"
BOTO_UA = "Boto3/1.28.40 md/Botocore#1.31.40 ua/2.0 os/linux#6.5.0-kali3-amd64 md/arch#x86_64 lang/python#3.11.4 Botocore/1.31.40"
DEV_UA = "aws-cli/2.17.20 Python/3.11.9 Darwin/23.5.0 exe/x86_64 prompt/off command/ec2.describe-instances"
CONSOLE_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
CI_UA = "terraform-provider-aws/5.60.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3"

def uid():
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

def rid(n=16):
    return "".join(rnd.choice("0123456789ABCDEF") for _ in range(n))

def key(prefix):
    return prefix + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))

CI_KEY = "AKIAQ3EGCIDEPLOYER01"
ALICE = {"type": "IAMUser", "principalId": "AIDAQ3EGALICEDEV0001", "arn": "arn:aws:iam::%s:user/alice" % ACCOUNT,
         "accountId": ACCOUNT, "accessKeyId": "AKIAQ3EGALICEKEY0001", "userName": "alice"}
BOB = {"type": "IAMUser", "principalId": "AIDAQ3EGBOBOPS000001", "arn": "arn:aws:iam::%s:user/bob" % ACCOUNT,
       "accountId": ACCOUNT, "accessKeyId": "AKIAQ3EGBOBKEY000001", "userName": "bob"}
CI = {"type": "IAMUser", "principalId": "AIDAQ3EGCIDEPLOYER01", "arn": "arn:aws:iam::%s:user/ci-deployer" % ACCOUNT,
      "accountId": ACCOUNT, "accessKeyId": CI_KEY, "userName": "ci-deployer"}
SUPPORT_KEY = "AKIAQ3EGSUPPORTSVC01"
SUPPORT = {"type": "IAMUser", "principalId": "AIDAQ3EGSUPPORTSVC01", "arn": "arn:aws:iam::%s:user/support-svc" % ACCOUNT,
           "accountId": ACCOUNT, "accessKeyId": SUPPORT_KEY, "userName": "support-svc"}
BACKUP_SESSION_KEY = "ASIAQ3EGBACKUPSESS01"

def assumed(role, session, key_id, issued, mfa="false", ec2=None):
    identity = {"type": "AssumedRole", "principalId": "AROAQ3EG%s:%s" % (role.upper().replace("-", "")[:12], session),
                "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, role, session), "accountId": ACCOUNT,
                "accessKeyId": key_id,
                "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAQ3EG%s" % role.upper().replace("-", "")[:12],
                                                     "arn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, role), "accountId": ACCOUNT,
                                                     "userName": role},
                                   "attributes": {"creationDate": issued, "mfaAuthenticated": mfa}}}
    if ec2:
        identity["sessionContext"]["ec2RoleDelivery"] = ec2
    return identity

EVENTS = []

def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")

def event(t, identity, source, name, ip, ua, region="eu-west-1", params=None, response=None, error=None,
          read_only=None, category="Management", resources=None, extra=None, event_type="AwsApiCall"):
    record = {"eventVersion": "1.09" if category == "Management" else "1.10", "userIdentity": identity,
              "eventTime": ts(t), "eventSource": source, "eventName": name, "awsRegion": region,
              "sourceIPAddress": ip, "userAgent": ua}
    if error:
        record["errorCode"], record["errorMessage"] = error
    record["requestParameters"] = params
    record["responseElements"] = response
    if extra:
        record["additionalEventData"] = extra
    record["requestID"] = uid() if source != "s3.amazonaws.com" else rid()
    record["eventID"] = uid()
    record["readOnly"] = bool(read_only) if read_only is not None else name.startswith(("Describe", "List", "Get", "Head"))
    if resources:
        record["resources"] = resources
    record["eventType"] = event_type
    record["managementEvent"] = category == "Management"
    record["recipientAccountId"] = ACCOUNT
    record["eventCategory"] = category
    if category == "Management" and event_type == "AwsApiCall":
        record["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                                "clientProvidedHostHeader": source.replace(".amazonaws.com", ".%s.amazonaws.com" % region)}
    EVENTS.append(record)
    return record

def at(h, m, s=0):
    return DAY + dt.timedelta(hours=h, minutes=m, seconds=s)

# --- background: developers, CI, an instance role, all day --------------------------------
WEB_ROLE_KEY = "ASIAQ3EGWEBINSTANCE1"
web = assumed("web-app", "i-0a1b2c3d4e5f60718", WEB_ROLE_KEY, ts(at(6, 0)), ec2="2.0")
for minute in range(7 * 60, 17 * 60, 7):
    t = DAY + dt.timedelta(minutes=minute, seconds=rnd.randint(0, 50))
    who, ip, ua = rnd.choice([(ALICE, OFFICE[0], DEV_UA), (BOB, OFFICE[1], DEV_UA), (CI, OFFICE[3], CI_UA)])
    name = rnd.choice(["DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes", "DescribeSubnets"])
    event(t, who, "ec2.amazonaws.com", name, ip, ua, params={"maxResults": 100} if name != "DescribeSecurityGroups" else None)
    if minute % 21 == 0:
        event(t + dt.timedelta(seconds=5), web, "s3.amazonaws.com", "GetObject", "198.51.100.200", "aws-sdk-java/2.25.10",
              params={"bucketName": "acme-web-assets", "key": "static/app-%d.js" % (minute % 5),
                      "Host": "acme-web-assets.s3.eu-west-1.amazonaws.com"},
              extra={"SignatureVersion": "SigV4", "bytesTransferredIn": 0, "bytesTransferredOut": 20481,
                     "AuthenticationMethod": "AuthHeader", "x-amz-id-2": rid(40)},
              category="Data", read_only=True,
              resources=[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::acme-web-assets/static/app.js"},
                         {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::acme-web-assets"}])
for h in (8, 12, 16):
    event(at(h, 5), {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}, "sts.amazonaws.com", "AssumeRole",
          "ec2.amazonaws.com", "ec2.amazonaws.com", region="eu-west-1",
          params={"roleArn": "arn:aws:iam::%s:role/web-app" % ACCOUNT, "roleSessionName": "i-0a1b2c3d4e5f60718"},
          response={"credentials": {"accessKeyId": WEB_ROLE_KEY, "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                                    "expiration": "Nov 3, 2026, %d:05:00 PM" % (h % 12 + 6)}},
          resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": "arn:aws:iam::%s:role/web-app" % ACCOUNT}])
event(at(7, 58), ALICE | {"accessKeyId": ""}, "signin.amazonaws.com", "ConsoleLogin", OFFICE[0], CONSOLE_UA,
      region="us-east-1", response={"ConsoleLogin": "Success"},
      extra={"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"},
      event_type="AwsConsoleSignIn")

# --- 08:41 password spray from 192.0.2.10 ---------------------------------------------------
for i, name in enumerate(["root", "admin", "administrator", "alice", "root", "ops", "root", "backup", "bob", "root"]):
    t = at(8, 41, i * 17)
    if name == "root":
        identity = {"type": "Root", "principalId": ACCOUNT, "arn": "arn:aws:iam::%s:root" % ACCOUNT, "accountId": ACCOUNT,
                    "accessKeyId": ""}
    else:
        identity = {"type": "IAMUser", "principalId": ACCOUNT, "accountId": ACCOUNT, "accessKeyId": "",
                    "userName": name if name in ("alice", "bob") else "HIDDEN_DUE_TO_SECURITY_REASONS"}
    event(t, identity, "signin.amazonaws.com", "ConsoleLogin", SPRAYER,
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/118.0", region="us-east-1",
          response={"ConsoleLogin": "Failure"}, error=None,
          extra={"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"},
          event_type="AwsConsoleSignIn")
    EVENTS[-1]["errorMessage"] = "Failed authentication"

# --- 09:02 the leaked CI key is used from outside ---------------------------------------------
t = at(9, 2, 11)
event(t, CI, "sts.amazonaws.com", "GetCallerIdentity", ATTACKER, ATTACKER_UA, region="us-east-1")
calls = [("iam.amazonaws.com", "ListUsers", "us-east-1"), ("iam.amazonaws.com", "ListRoles", "us-east-1"),
         ("iam.amazonaws.com", "ListAttachedUserPolicies", "us-east-1"), ("iam.amazonaws.com", "GetAccountAuthorizationDetails", "us-east-1"),
         ("s3.amazonaws.com", "ListBuckets", "us-east-1"), ("secretsmanager.amazonaws.com", "ListSecrets", "eu-west-1"),
         ("ssm.amazonaws.com", "DescribeParameters", "eu-west-1"), ("lambda.amazonaws.com", "ListFunctions20150331", "eu-west-1"),
         ("cloudtrail.amazonaws.com", "DescribeTrails", "eu-west-1"), ("guardduty.amazonaws.com", "ListDetectors", "eu-west-1"),
         ("rds.amazonaws.com", "DescribeDBInstances", "eu-west-1"), ("kms.amazonaws.com", "ListKeys", "eu-west-1")]
for i, (source, name, region) in enumerate(calls):
    t = at(9, 3, i * 4)
    denied = name in ("GetAccountAuthorizationDetails", "ListAttachedUserPolicies")
    event(t, CI, source, name, ATTACKER, BOTO_UA, region=region,
          error=("AccessDenied", "User: arn:aws:iam::%s:user/ci-deployer is not authorized to perform: iam:%s" % (ACCOUNT, name)) if denied else None)
regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
           "eu-north-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1"]
for i, region in enumerate(regions):
    t = at(9, 5, i * 6)
    event(t, CI, "ec2.amazonaws.com", "DescribeInstances", ATTACKER, BOTO_UA, region=region, params={"maxResults": 1000})
    event(t + dt.timedelta(seconds=2), CI, "ec2.amazonaws.com", "DescribeRegions" if i == 0 else "DescribeSnapshots",
          ATTACKER, BOTO_UA, region=region,
          error=("Client.UnauthorizedOperation", "You are not authorized to perform this operation.") if i % 3 == 1 else None)

# --- 09:11 persistence ------------------------------------------------------------------------
event(at(9, 11, 2), CI, "iam.amazonaws.com", "CreateUser", ATTACKER, ATTACKER_UA, region="us-east-1",
      params={"userName": "support-svc", "path": "/"},
      response={"user": {"path": "/", "userName": "support-svc", "userId": "AIDAQ3EGSUPPORTSVC01",
                         "arn": "arn:aws:iam::%s:user/support-svc" % ACCOUNT, "createDate": "Nov 3, 2026, 9:11:02 AM"}})
event(at(9, 11, 20), CI, "iam.amazonaws.com", "AttachUserPolicy", ATTACKER, ATTACKER_UA, region="us-east-1",
      params={"userName": "support-svc", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})
event(at(9, 11, 41), CI, "iam.amazonaws.com", "CreateAccessKey", ATTACKER, ATTACKER_UA, region="us-east-1",
      params={"userName": "support-svc"},
      response={"accessKey": {"userName": "support-svc", "accessKeyId": SUPPORT_KEY, "status": "Active",
                              "createDate": "Nov 3, 2026, 9:11:41 AM"}})
event(at(9, 12, 5), CI, "iam.amazonaws.com", "CreateLoginProfile", ATTACKER, ATTACKER_UA, region="us-east-1",
      params={"userName": "support-svc", "passwordResetRequired": False})
event(at(9, 14, 30), SUPPORT | {"accessKeyId": ""}, "signin.amazonaws.com", "ConsoleLogin", ATTACKER,
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", region="us-east-1",
      response={"ConsoleLogin": "Success"},
      extra={"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"},
      event_type="AwsConsoleSignIn")

# --- 09:20 role assumption and collection --------------------------------------------------------
event(at(9, 20, 3), SUPPORT, "sts.amazonaws.com", "AssumeRole", ATTACKER, BOTO_UA, region="us-east-1",
      params={"roleArn": "arn:aws:iam::%s:role/backup-admin" % ACCOUNT, "roleSessionName": "maint", "durationSeconds": 43200},
      response={"credentials": {"accessKeyId": BACKUP_SESSION_KEY, "sessionToken": "IQoJb3JpZ2luX2VjEBACKUPEXAMPLE",
                                "expiration": "Nov 3, 2026, 9:20:03 PM"},
                "assumedRoleUser": {"assumedRoleId": "AROAQ3EGBACKUPADMIN:maint",
                                    "arn": "arn:aws:sts::%s:assumed-role/backup-admin/maint" % ACCOUNT}},
      resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": "arn:aws:iam::%s:role/backup-admin" % ACCOUNT}])
backup = assumed("backup-admin", "maint", BACKUP_SESSION_KEY, ts(at(9, 20, 3)))
event(at(9, 21, 0), backup, "s3.amazonaws.com", "ListObjects", ATTACKER, "[%s]" % BOTO_UA, region="eu-west-1",
      params={"bucketName": "acme-finance-exports", "prefix": "exports/", "Host": "acme-finance-exports.s3.eu-west-1.amazonaws.com"},
      extra={"SignatureVersion": "SigV4", "bytesTransferredIn": 0, "bytesTransferredOut": 8812,
             "AuthenticationMethod": "AuthHeader", "x-amz-id-2": rid(40)},
      category="Data", read_only=True,
      resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::acme-finance-exports"}])
for i in range(60):
    k = "exports/2026/%02d/payroll-%03d.csv" % (i % 12 + 1, i)
    size = 180000 + rnd.randint(0, 900000)
    event(at(9, 21, 10) + dt.timedelta(seconds=i * 9), backup, "s3.amazonaws.com", "GetObject", ATTACKER, "[%s]" % BOTO_UA,
          region="eu-west-1", params={"bucketName": "acme-finance-exports", "key": k,
                                      "Host": "acme-finance-exports.s3.eu-west-1.amazonaws.com"},
          extra={"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                 "bytesTransferredOut": size, "AuthenticationMethod": "AuthHeader", "x-amz-id-2": rid(40)},
          category="Data", read_only=True,
          resources=[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::acme-finance-exports/" + k},
                     {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::acme-finance-exports"}])
for i, name in enumerate(["prod/db/master", "prod/stripe/api-key", "prod/github/deploy-token", "prod/sendgrid", "prod/jwt-signing"]):
    event(at(9, 31, i * 3), backup, "secretsmanager.amazonaws.com", "GetSecretValue", ATTACKER, BOTO_UA, region="eu-west-1",
          params={"secretId": "arn:aws:secretsmanager:eu-west-1:%s:secret:%s" % (ACCOUNT, name)})
event(at(9, 33, 12), backup, "ec2.amazonaws.com", "CreateSnapshot", ATTACKER, BOTO_UA, region="eu-west-1",
      params={"volumeId": "vol-0db0b0b0b0b0b0b01", "description": "maint"},
      response={"snapshotId": "snap-0a9e8d7c6b5a49382", "volumeId": "vol-0db0b0b0b0b0b0b01", "status": "pending"})
event(at(9, 34, 40), backup, "ec2.amazonaws.com", "ModifySnapshotAttribute", ATTACKER, BOTO_UA, region="eu-west-1",
      params={"snapshotId": "snap-0a9e8d7c6b5a49382", "attributeType": "CREATE_VOLUME_PERMISSION",
              "createVolumePermission": {"add": {"items": [{"userId": "999988887777"}]}}},
      response={"_return": True})

# --- 09:35 exposure and compute ------------------------------------------------------------------
event(at(9, 35, 9), SUPPORT, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", ATTACKER, ATTACKER_UA, region="eu-west-1",
      params={"groupId": "sg-0web0000000000001", "ipPermissions": {"items": [
          {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}},
      response={"_return": True, "securityGroupRuleSet": {"items": [{"groupId": "sg-0web0000000000001", "securityGroupRuleId": "sgr-0a1b2c3d4e5f6a7b8",
                                                                     "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}})
event(at(9, 37, 30), SUPPORT, "ec2.amazonaws.com", "RunInstances", ATTACKER, ATTACKER_UA, region="eu-west-1",
      params={"instancesSet": {"items": [{"imageId": "ami-0abcdef1234567890", "minCount": 1, "maxCount": 1}]},
              "instanceType": "c5.24xlarge", "userData": "<sensitiveDataRemoved>"},
      response={"instancesSet": {"items": [{"instanceId": "i-0c0ffee0c0ffee001", "instanceType": "c5.24xlarge",
                                            "privateIpAddress": "10.0.1.200", "subnetId": "subnet-0acme00000000001a",
                                            "vpcId": "vpc-0acme000000000001",
                                            "networkInterfaceSet": {"items": [{"networkInterfaceId": "eni-0c0ffee0c0ffee0e1",
                                                                               "privateIpAddress": "10.0.1.200"}]}}]}})

# --- 09:41 covering tracks ----------------------------------------------------------------------
event(at(9, 41, 2), SUPPORT, "ec2.amazonaws.com", "DeleteFlowLogs", ATTACKER, ATTACKER_UA, region="eu-west-1",
      params={"DeleteFlowLogsRequest": {"FlowLogId": {"tag": 1, "content": "fl-0a1b2c3d4e5f60001"}}},
      response={"DeleteFlowLogsResponse": {"unsuccessful": ""}})
event(at(9, 41, 40), SUPPORT, "config.amazonaws.com", "StopConfigurationRecorder", ATTACKER, ATTACKER_UA, region="eu-west-1",
      params={"configurationRecorderName": "default"})
event(at(9, 42, 15), SUPPORT, "cloudtrail.amazonaws.com", "StopLogging", ATTACKER, ATTACKER_UA, region="eu-west-1",
      params={"name": "arn:aws:cloudtrail:eu-west-1:%s:trail/acme-main" % ACCOUNT})

# --- write trail files: one file per region per 5 minutes of delivery ------------------------------
EVENTS.sort(key=lambda r: r["eventTime"])
stop = at(9, 42, 15)
files = {}
for record in EVENTS:
    t = dt.datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    if t > stop:
        continue  # the trail stopped: nothing after StopLogging reaches S3
    delivery = t + dt.timedelta(minutes=5)
    delivery = delivery.replace(minute=delivery.minute - delivery.minute % 5, second=0)
    files.setdefault((record["awsRegion"], delivery), []).append(record)
# The attacker deleted the last eu-west-1 file (DeleteFlowLogs, StopConfigurationRecorder, StopLogging) from the
# trail bucket: it is not written, but the digest below still lists it with its hash.
DELETED_TRAIL_FILE = ("eu-west-1", at(9, 45))
TRAIL_FILES = []  # (region, delivery, S3 key, inflated bytes, records), for the digests
for (region, delivery), records in sorted(files.items()):
    relative = "/".join(["AWSLogs", ACCOUNT, "CloudTrail", region, delivery.strftime("%Y/%m/%d")])
    name = "%s_CloudTrail_%s_%s_%s.json.gz" % (ACCOUNT, region, delivery.strftime("%Y%m%dT%H%MZ"),
                                               "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16)))
    shuffled = list(records)
    rnd.shuffle(shuffled)  # CloudTrail promises no order inside a file
    content = json.dumps({"Records": shuffled}, separators=(",", ":")).encode()
    TRAIL_FILES.append((region, delivery, relative + "/" + name, content, shuffled))
    if (region, delivery) == DELETED_TRAIL_FILE:
        continue
    folder = os.path.join(ROOT, *relative.split("/"))
    os.makedirs(folder, exist_ok=True)
    with gzip.GzipFile(os.path.join(folder, name), "wb", mtime=0) as out:
        out.write(content)

# --- an analyst's lookup-events dump: Event history keeps management events even after the trail --
# stopped, and overlaps the trail files (same eventIDs) before that.
exports = os.path.join(ROOT, "exports")
os.makedirs(exports, exist_ok=True)
management = [r for r in EVENTS if r["eventCategory"] == "Management"]
def lookup(r):
    return {"EventId": r["eventID"], "EventName": r["eventName"], "ReadOnly": "true" if r["readOnly"] else "false",
            "AccessKeyId": r["userIdentity"].get("accessKeyId", ""), "EventTime": r["eventTime"].replace("Z", "+00:00"),
            "EventSource": r["eventSource"], "Username": r["userIdentity"].get("userName", ""),
            "Resources": [], "CloudTrailEvent": json.dumps(r, separators=(",", ":"))}
half = len(management) // 2
pages = [management[half:], management[:half]]  # newest first, as LookupEvents pages
for number, page in enumerate(pages, 1):
    body = {"Events": [lookup(r) for r in reversed(page)]}
    if number < len(pages):
        body["NextToken"] = "eyJ0b2tlbiI6InBhZ2Ui%d" % number
    with open(os.path.join(exports, "lookup-events-page-%d.json" % number), "w") as out:
        json.dump(body, out, indent=2)
SUMMARY = ["%d CloudTrail events in %d trail files (one deleted) and %d lookup events" % (
    sum(len(v) for v in files.values()), len(files), len(management))]

# =================================================================================================
# The other sources. They draw from their own generator so the CloudTrail part above stays the same.
# =================================================================================================
gen = random.Random(2026110302)

def epoch(t):
    return int(t.timestamp())

def hexid(n):
    return "".join(gen.choice("0123456789abcdef") for _ in range(n))

def write_gz(relative, lines):
    path = os.path.join(ROOT, *relative.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as out:
        out.write("".join(line + "\n" for line in lines).encode())

def write_text(relative, text):
    path = os.path.join(ROOT, *relative.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as out:
        out.write(text)

def window_start(t, minutes=5):
    return t.replace(minute=t.minute - t.minute % minutes, second=0, microsecond=0)

# --- the network: one VPC, two subnets, an internet-facing ALB in front of the web instance ---------
VPC = "vpc-0acme000000000001"
SUBNET_A, SUBNET_B = "subnet-0acme00000000001a", "subnet-0acme00000000002b"
WEB_INSTANCE, WEB_ENI, WEB_IP = "i-0a1b2c3d4e5f60718", "eni-0a1b2c3d4e5f6071a", "10.0.1.15"
MINER, MINER_ENI, MINER_IP = "i-0c0ffee0c0ffee001", "eni-0c0ffee0c0ffee0e1", "10.0.1.200"
BATCH_INSTANCE, BATCH_ENI = "i-0b5b5b5b5b5b5b5b1", "eni-0b5b5b5b5b5b5b5e1"  # a quiet worker: NODATA rows
ALB_NODES = [("eni-0a1b0a1b0a1b0a1b1", "10.0.1.21", SUBNET_A, "euw1-az1"),
             ("eni-0a1b0a1b0a1b0a1b2", "10.0.2.37", SUBNET_B, "euw1-az2")]
ENIS = {WEB_ENI: (WEB_INSTANCE, SUBNET_A, "euw1-az1"), MINER_ENI: (MINER, SUBNET_A, "euw1-az1"),
        BATCH_ENI: (BATCH_INSTANCE, SUBNET_B, "euw1-az2")}
for eni, _, subnet, az in ALB_NODES:
    ENIS[eni] = ("-", subnet, az)  # requester-managed interfaces have no instance id
POOL = "192.0.2.50"          # the mining pool, port 3333
WEB_SG = "sg-0web0000000000001"
ALB_NAME = "app/acme-web-alb/5f1e2d3c4b5a6978"
DOMAIN = "www.acme.example"
TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:%s:targetgroup/acme-web-tg/6d0ecf831eec9f09" % ACCOUNT
CERT = "arn:aws:acm:eu-west-1:%s:certificate/2f6c1a3e-8d4b-4c7a-9e15-3b7d0c9a4f21" % ACCOUNT
WEBACL = "arn:aws:wafv2:eu-west-1:%s:regional/webacl/acme-web-acl/8b1f4c2e-6a3d-4f7b-9c0e-5d2a7e1b3f64" % ACCOUNT
FLOW_LOG_ID = "fl-0a1b2c3d4e5f60001"  # the one DeleteFlowLogs removes at 09:41:02
FLOWS_END = at(9, 41)                 # no flow record after the 09:40 window was delivered
CUSTOMERS = ["192.0.2.%d" % i for i in range(100, 140)]
BROWSERS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0", CONSOLE_UA]
NIKTO_UA = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:%06d)"
SQLMAP_UA = "sqlmap/1.7.2#stable (https://sqlmap.org)"
CURL_UA = "curl/8.4.0"

# --- HTTP requests through the ALB (WAF decides first) -------------------------------------------------
# Each request: time, client, port, method, path, query, user agent, WAF verdict, target status, sizes.
REQUESTS = []

def request(t, client, method, path, query="", ua=None, verdict=None, status=200, size=None):
    REQUESTS.append({"time": t, "client": client, "port": gen.randint(32768, 60999), "method": method,
                     "path": path, "query": query, "ua": ua or gen.choice(BROWSERS), "verdict": verdict or ("ALLOW", None),
                     "status": status, "size": size if size is not None else gen.randint(6000, 48000),
                     "received": gen.randint(380, 920), "node": ALB_NODES[sum(map(ord, client)) % 2],
                     "trace": "1-%08x-%s" % (epoch(t), hexid(24))})

PAGES = [("GET", "/", 200), ("GET", "/products", 200), ("GET", "/products/%d", 200), ("GET", "/static/app.js", 200),
         ("GET", "/static/app.css", 200), ("POST", "/cart", 200), ("GET", "/login", 200), ("POST", "/login", 302),
         ("GET", "/favicon.ico", 200), ("GET", "/products/%d/reviews", 200), ("GET", "/missing-page", 404)]
t = at(7, 0, 7)
while t < at(11, 0):
    method, path, status = gen.choice(PAGES)
    if "%d" in path:
        path = path % gen.randint(100, 480)
    client = gen.choice(CUSTOMERS + OFFICE)
    request(t, client, method, path, status=status,
            size=gen.randint(180000, 240000) if path.startswith("/static/app.js") else None)
    t += dt.timedelta(seconds=gen.randint(18, 62), milliseconds=gen.randint(0, 999))

# 08:20-08:34 the attacker probes the web application before the leaked key is found.
SQLI = ("SQL_INJECTION", "AWS-AWSManagedRulesSQLiRuleSet", "AWS#AWSManagedRulesSQLiRuleSet", "SQLi_QUERYARGUMENTS",
        "awswaf:managed:aws:sql-database:SQLi_QueryArguments")
XSS = ("XSS", "AWS-AWSManagedRulesCommonRuleSet", "AWS#AWSManagedRulesCommonRuleSet", "CrossSiteScripting_QUERYARGUMENTS",
       "awswaf:managed:aws:core-rule-set:CrossSiteScripting_QueryArguments")
BADBOT = (None, "AWS-AWSManagedRulesCommonRuleSet", "AWS#AWSManagedRulesCommonRuleSet", "UserAgent_BadBots_HEADER",
          "awswaf:managed:aws:core-rule-set:BadBots_Header")
SSRF = "EC2MetaDataSSRF_QUERYARGUMENTS"
t = at(8, 20, 4)
for i, path in enumerate(["/", "/admin/", "/.git/config", "/.env", "/phpinfo.php", "/server-status", "/wp-login.php",
                          "/backup.zip", "/config.php.bak", "/api/", "/actuator/env", "/cgi-bin/test.cgi",
                          "/.aws/credentials", "/console", "/manager/html", "/debug/pprof/", "/etc/passwd",
                          "/login.action", "/.DS_Store", "/robots.txt"]):
    request(t, ATTACKER, "GET", path, ua=NIKTO_UA % (i + 1), verdict=("BLOCK", BADBOT), status=None, size=0)
    t += dt.timedelta(seconds=gen.randint(2, 5), milliseconds=gen.randint(0, 999))
t = at(8, 24, 31)
for query, matched in [("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", ["<script>", "alert(1)"]),
                       ("q=%22%3E%3Csvg%2Fonload%3Dalert(document.domain)%3E", ["<svg/onload=", "alert(document.domain)"]),
                       ("q=%3Cimg%20src%3Dx%20onerror%3Dfetch(%27%2F%2F203.0.113.77%2Fc%27)%3E", ["<img src=x onerror="])]:
    request(t, ATTACKER, "GET", "/search", query, ua=CURL_UA, verdict=("BLOCK", XSS + (matched,)), status=None, size=0)
    t += dt.timedelta(seconds=gen.randint(9, 20))
t = at(8, 26, 2)
for i in range(14):
    payload = ["1%27%20AND%20" + "%d%%3D%d" % (4000 + i, 4000 + i), "1%20UNION%20ALL%20SELECT%20NULL%2CNULL--%20-",
               "1%27%20AND%20SLEEP(5)--%20", "1%29%20AND%20EXTRACTVALUE(1%2CCONCAT(0x5c%2CVERSION()))--"][i % 4]
    request(t, ATTACKER, "GET", "/products", "id=" + payload, ua=SQLMAP_UA,
            verdict=("BLOCK", SQLI + ([urllib.parse.unquote(payload).split()[0], "AND"],)), status=None, size=0)
    t += dt.timedelta(seconds=gen.randint(3, 9), milliseconds=gen.randint(0, 999))
# The SSRF probes: the metadata-service rule only counts (rule action override), so WAF lets them through;
# the instance requires IMDSv2 tokens, so the preview endpoint fails and no role credentials leave.
t = at(8, 31, 12)
for target in ["http://169.254.169.254/latest/meta-data/iam/security-credentials/",
               "http://169.254.169.254/latest/meta-data/iam/security-credentials/web-app",
               "http://169.254.169.254/latest/api/token", "http://[fd00:ec2::254]/latest/meta-data/"]:
    request(t, ATTACKER, "GET", "/api/preview", "url=" + urllib.parse.quote(target, safe=""), ua=CURL_UA,
            verdict=("ALLOW", "SSRF"), status=400, size=212)
    t += dt.timedelta(seconds=gen.randint(20, 45))
request(at(8, 34, 2), ATTACKER, "GET", "/", ua=CURL_UA, status=200, size=31877)
REQUESTS.sort(key=lambda r: r["time"])

# --- WAF log records ---------------------------------------------------------------------------------------
def rule_groups(matched_group=None, terminating=None, counted=None):
    groups = []
    for group in ["AWS#AWSManagedRulesCommonRuleSet", "AWS#AWSManagedRulesKnownBadInputsRuleSet", "AWS#AWSManagedRulesSQLiRuleSet"]:
        entry = {"ruleGroupId": group, "terminatingRule": None, "nonTerminatingMatchingRules": [], "excludedRules": None,
                 "customerConfig": None}
        if group == matched_group and terminating:
            entry["terminatingRule"] = {"ruleId": terminating, "action": "BLOCK", "ruleMatchDetails": None}
        if group == "AWS#AWSManagedRulesCommonRuleSet" and counted:
            entry["nonTerminatingMatchingRules"] = [{"ruleId": counted, "action": "COUNT", "overriddenAction": "BLOCK",
                                                     "ruleMatchDetails": []}]
        groups.append(entry)
        if group == matched_group and terminating:
            break  # evaluation stops at the terminating rule
    return groups

WAF_RECORDS = []
for r in REQUESTS:
    action, detail = r["verdict"]
    headers = [{"name": "Host", "value": DOMAIN}, {"name": "User-Agent", "value": r["ua"]},
               {"name": "Accept", "value": "*/*" if r["client"] == ATTACKER else "text/html,application/xhtml+xml,*/*;q=0.8"},
               {"name": "X-Amzn-Trace-Id", "value": "Root=" + r["trace"]}]
    record = {"timestamp": epoch(r["time"]) * 1000 + r["time"].microsecond // 1000 + 2, "formatVersion": 1,
              "webaclId": WEBACL, "terminatingRuleId": "Default_Action", "terminatingRuleType": "REGULAR",
              "action": action, "terminatingRuleMatchDetails": [], "httpSourceName": "ALB",
              "httpSourceId": "%s-%s" % (ACCOUNT, ALB_NAME), "ruleGroupList": rule_groups(),
              "rateBasedRuleList": [], "nonTerminatingMatchingRules": [], "requestHeadersInserted": None,
              "responseCodeSent": None,
              "httpRequest": {"clientIp": r["client"], "country": "NL" if r["client"] == ATTACKER else ("GB" if r["client"] in OFFICE else "IE"),
                              "headers": headers, "uri": r["path"], "args": r["query"], "httpVersion": "HTTP/1.1",
                              "httpMethod": r["method"], "requestId": r["trace"], "fragment": "", "scheme": "https",
                              "host": DOMAIN},
              "ja3Fingerprint": "e7d705a3286e19ea42f587b344ee6865" if r["client"] == ATTACKER else "773906b0efdefa24a7f2b8eb6985bf37"}
    if action == "BLOCK":
        condition, rule, group, rule_id, label = detail[:5]
        record["terminatingRuleId"], record["terminatingRuleType"] = rule, "MANAGED_RULE_GROUP"
        record["ruleGroupList"] = rule_groups(group, rule_id)
        if condition:
            record["terminatingRuleMatchDetails"] = [{"conditionType": condition, "sensitivityLevel": "LOW",
                                                      "location": "QUERY_STRING", "matchedData": detail[5]}]
        record["labels"] = [{"name": label}]
    elif detail == "SSRF":
        record["ruleGroupList"] = rule_groups(counted=SSRF)
        record["labels"] = [{"name": "awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_QueryArguments"}]
    WAF_RECORDS.append(record)
waf_files = {}
for record in WAF_RECORDS:
    t = dt.datetime.fromtimestamp(record["timestamp"] / 1000, dt.timezone.utc)
    waf_files.setdefault(window_start(t), []).append(json.dumps(record, separators=(",", ":")))
for start, lines in sorted(waf_files.items()):
    write_gz("AWSLogs/%s/WAFLogs/eu-west-1/acme-web-acl/%s/%s_waflogs_eu-west-1_acme-web-acl_%s_%s.log.gz" % (
        ACCOUNT, start.strftime("%Y/%m/%d/%H/%M"), ACCOUNT, start.strftime("%Y%m%dT%H%MZ"), hexid(8)), lines)
SUMMARY.append("%d WAF records in %d files" % (len(WAF_RECORDS), len(waf_files)))

# --- ALB access log entries: every request WAF saw reached the load balancer ---------------------------------
def alb_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % t.microsecond

alb_files = {}
for r in REQUESTS:
    arrived = r["time"]
    url = "https://%s:443%s%s" % (DOMAIN, r["path"], "?" + r["query"] if r["query"] else "")
    if r["verdict"][0] == "BLOCK":
        sent = arrived + dt.timedelta(milliseconds=4)
        target, times, status, target_status, actions, group = "-", "-1 -1 -1", 403, "-", "waf", "-"
        sent_bytes, targets, target_codes = 202, "-", "-"
    else:
        work = gen.randint(4, 180) / 1000.0
        sent = arrived + dt.timedelta(seconds=work + 0.002)
        target, times = "%s:80" % WEB_IP, "0.001 %.3f 0.000" % work
        status, target_status, actions, group = r["status"], r["status"], "waf,forward", TARGET_GROUP
        sent_bytes, targets, target_codes = r["size"] + 310, "%s:80" % WEB_IP, str(r["status"])
    r["sent"] = sent
    line = ('https %s %s %s:%d %s %s %d %s %d %d "%s %s HTTP/1.1" "%s" TLS_AES_128_GCM_SHA256 TLSv1.3 %s "Root=%s" '
            '"%s" "%s" %d %s "%s" "-" "-" "%s" "%s" "-" "-" TID_%s') % (
        alb_time(sent), ALB_NAME, r["client"], r["port"], target, times, status, target_status, r["received"], sent_bytes,
        r["method"], url, r["ua"], group, r["trace"], DOMAIN, CERT, 0 if r["verdict"][0] == "BLOCK" else 1,
        alb_time(arrived), actions, targets, target_codes, hexid(32))
    node_ip = "192.0.2.%d" % (201 + ALB_NODES.index(r["node"]))  # the node's public address names the file
    end = window_start(sent) + dt.timedelta(minutes=5)
    alb_files.setdefault((end, node_ip), []).append(line)
for (end, node_ip), lines in sorted(alb_files.items()):
    write_gz("AWSLogs/%s/elasticloadbalancing/eu-west-1/%s/%s_elasticloadbalancing_eu-west-1_%s_%s_%s_%s.log.gz" % (
        ACCOUNT, end.strftime("%Y/%m/%d"), ACCOUNT, ALB_NAME.replace("/", "."), end.strftime("%Y%m%dT%H%MZ"),
        node_ip, hexid(8)), lines)
SUMMARY.append("%d ALB entries in %d files" % (len(REQUESTS), len(alb_files)))

# --- VPC flow logs: a v5 custom format, 1-minute aggregation, header line first ---------------------------------
FLOW_FIELDS = ("version account-id vpc-id subnet-id instance-id interface-id flow-direction srcaddr dstaddr srcport "
               "dstport pkt-srcaddr pkt-dstaddr protocol packets bytes start end action tcp-flags log-status type "
               "region az-id traffic-path").split()
FLOWS = []  # (end, line)
EGRESS = {}  # bytes sent per (interface, minute): NetworkOut in the metrics below agrees with the flow records

def flow(eni, direction, src, dst, sport, dport, packets, nbytes, start, end, action="ACCEPT", flags=0, proto=6):
    instance, subnet, az = ENIS[eni]
    path = "-"
    if direction == "egress":
        path = "1" if dst.startswith("10.") else "8"
    values = {"version": "5", "account-id": ACCOUNT, "vpc-id": VPC, "subnet-id": subnet, "instance-id": instance,
              "interface-id": eni, "flow-direction": direction, "srcaddr": src, "dstaddr": dst, "srcport": str(sport),
              "dstport": str(dport), "pkt-srcaddr": src, "pkt-dstaddr": dst, "protocol": str(proto),
              "packets": str(max(1, packets)), "bytes": str(nbytes), "start": str(epoch(start)), "end": str(epoch(end)),
              "action": action, "tcp-flags": str(flags), "log-status": "OK", "type": "IPv4", "region": "eu-west-1",
              "az-id": az, "traffic-path": path}
    if end < FLOWS_END:
        FLOWS.append((end, " ".join(values[f] for f in FLOW_FIELDS)))
    if direction == "egress":
        minute = start.replace(second=0, microsecond=0)
        EGRESS[(eni, minute)] = EGRESS.get((eni, minute), 0) + nbytes

def nodata(eni, start):
    values = dict.fromkeys(FLOW_FIELDS, "-")
    values.update({"version": "5", "account-id": ACCOUNT, "interface-id": eni, "start": str(epoch(start)),
                   "end": str(epoch(start) + 60), "log-status": "NODATA"})
    FLOWS.append((start + dt.timedelta(seconds=60), " ".join(values[f] for f in FLOW_FIELDS)))

def connection(eni, local, remote, local_port, remote_port, inbound, begin, finish, bytes_in, bytes_out, proto=6):
    """One TCP connection seen on an interface: a record per direction per 1-minute window it spans."""
    minute = begin.replace(second=0, microsecond=0)
    total = max((finish - begin).total_seconds(), 1.0)
    while minute <= finish:
        start = max(begin, minute)
        end = min(finish, minute + dt.timedelta(seconds=59))
        share = max((end - start).total_seconds(), 0.5) / total
        first, last = start == begin, end == finish
        initiator = (2 if first else 0) | (1 if last else 0)
        responder = (18 if first else 0) | (1 if last else 0)
        size_in, size_out = int(bytes_in * share), int(bytes_out * share)
        flow(eni, "ingress", remote, local, remote_port, local_port, size_in // 900 + 2, size_in, start, end,
             flags=initiator if inbound else responder, proto=proto)
        flow(eni, "egress", local, remote, local_port, remote_port, size_out // 1200 + 2, size_out, start, end,
             flags=responder if inbound else initiator, proto=proto)
        minute += dt.timedelta(minutes=1)

# Clients to the ALB nodes (TLS adds a few KB each way) and, per minute, the ALB's kept-alive connection to the
# web instance carrying the forwarded requests and the health checks.
forwarded = {}
for r in REQUESTS:
    eni, node_ip = r["node"][0], r["node"][1]
    connection(eni, node_ip, r["client"], 443, r["port"], True, r["time"] - dt.timedelta(milliseconds=60),
               r["sent"] + dt.timedelta(milliseconds=30), r["received"] + 2400, (r["size"] + 310 if r["verdict"][0] != "BLOCK" else 202) + 4100)
    if r["verdict"][0] != "BLOCK":
        key = (eni, r["time"].replace(second=0, microsecond=0))
        sent, received = forwarded.get(key, (0, 0))
        forwarded[key] = (sent + r["received"] + 120, received + r["size"] + 280)
minute = at(6, 0)
while minute < at(12, 0):
    for index, (eni, node_ip, _, _) in enumerate(ALB_NODES):
        request_bytes, response_bytes = forwarded.get((eni, minute), (0, 0))
        request_bytes += 6 * 180   # a health check every 10 s
        response_bytes += 6 * 240
        start, end = minute + dt.timedelta(seconds=index * 3 + 1), minute + dt.timedelta(seconds=58)
        port = 41000 + index * 1000 + minute.hour  # the ALB reopens its target connection now and then
        for where, direction_out, direction_in in ((eni, "egress", "ingress"), (WEB_ENI, "ingress", "egress")):
            out_bytes = request_bytes if where == eni else response_bytes
            in_bytes = response_bytes if where == eni else request_bytes
            local, remote = (node_ip, WEB_IP) if where == eni else (WEB_IP, node_ip)
            lport, rport = (port, 80) if where == eni else (80, port)
            flow(where, "egress", local, remote, lport, rport, out_bytes // 1200 + 6, out_bytes, start, end)
            flow(where, "ingress", remote, local, rport, lport, in_bytes // 900 + 6, in_bytes, start, end)
    if minute < FLOWS_END:
        nodata(BATCH_ENI, minute)
    minute += dt.timedelta(minutes=1)

# 08:12 an administrator from the office (SSH was open to the office range only).
connection(WEB_ENI, WEB_IP, OFFICE[1], 22, 52814, True, at(8, 12, 4), at(8, 19, 40), 48000, 96000)
# 08:38 the password sprayer also scans the web instance: refused by the security group.
for i, port in enumerate([21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1723, 2375, 3306,
                          3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017]):
    t = at(8, 38, 10 + i * 2)
    flow(WEB_ENI, "ingress", SPRAYER, WEB_IP, 61000 + i, port, 2, 120, t, t + dt.timedelta(seconds=1), action="REJECT", flags=2)
# 09:34 the attacker checks SSH before opening it: refused. 09:35:09 the rule is added (CloudTrail, Config).
flow(WEB_ENI, "ingress", ATTACKER, WEB_IP, 40001, 22, 3, 180, at(9, 34, 51), at(9, 34, 57), action="REJECT", flags=2)
# 09:35:41 the SSH brute force: 16 connections of 3 passwords each, then a login at 09:38:03.
SSH_USERS = ["admin", "ubuntu", "test", "oracle", "postgres", "deploy", "git", "centos", "user", "webadmin",
             "ec2-user", "ec2-user", "ec2-user", "ec2-user", "ec2-user", "ec2-user"]
BRUTE = []
t = at(9, 35, 41)
for i, user in enumerate(SSH_USERS):
    port = 44100 + i * 37
    BRUTE.append((t, user, port))
    connection(WEB_ENI, WEB_IP, ATTACKER, 22, port, True, t, t + dt.timedelta(seconds=6, milliseconds=400), 4100, 5200)
    t += dt.timedelta(seconds=8, milliseconds=gen.randint(100, 900))
LOGIN, SCP_LOGIN = at(9, 38, 3), at(9, 39, 28)
connection(WEB_ENI, WEB_IP, ATTACKER, 22, 50122, True, LOGIN, at(9, 41, 18), 61000, 118000)
# 09:39:30-09:40:50 scp pulls a 640 MiB archive from the web instance: the exfiltration.
EXFIL_BYTES = 671088640
connection(WEB_ENI, WEB_IP, ATTACKER, 22, 50188, True, SCP_LOGIN, at(9, 40, 51), 2900000, EXFIL_BYTES)
# 09:37:30 the attacker's c5.24xlarge boots, fetches its payload from 203.0.113.77 and mines at 192.0.2.50:3333.
nodata(MINER_ENI, at(9, 37))  # booting: the interface exists, no traffic yet
connection(MINER_ENI, MINER_IP, ATTACKER, 49152, 80, False, at(9, 38, 12), at(9, 38, 19), 8812000, 1400)
connection(MINER_ENI, MINER_IP, POOL, 50334, 3333, False, at(9, 38, 41), at(11, 59, 0), 9800000, 14200000)
for i, port in enumerate([3333, 3333, 14444]):  # a second pool and a retry refused by the network ACL
    t = at(9, 38, 30 + i * 4)
    flow(MINER_ENI, "egress", MINER_IP, "192.0.2.51", 50300 + i, port, 1, 60, t, t, action="REJECT", flags=2)

flow_files = {}
for end, line in FLOWS:
    flow_files.setdefault(window_start(end - dt.timedelta(seconds=1)), []).append((end, line))
for start, rows in sorted(flow_files.items()):
    rows.sort()
    write_gz("AWSLogs/%s/vpcflowlogs/eu-west-1/%s/%s_vpcflowlogs_eu-west-1_%s_%s_%s.log.gz" % (
        ACCOUNT, start.strftime("%Y/%m/%d"), ACCOUNT, FLOW_LOG_ID, start.strftime("%Y%m%dT%H%MZ"), hexid(8)),
        [" ".join(FLOW_FIELDS)] + [line for _, line in rows])
SUMMARY.append("%d flow records in %d files" % (len(FLOWS), len(flow_files)))

# --- S3 server access logs of acme-finance-exports ----------------------------------------------------------
# The trail logs data events for objects under exports/ only; the access log sees every request. The 60
# GetObject and the ListObjects of the backup-admin session carry the CloudTrail requestID and x-amz-id-2.
BUCKET = "acme-finance-exports"
OWNER = hashlib.sha256(b"acme-prod canonical user").hexdigest()
S3_HOST = BUCKET + ".s3.eu-west-1.amazonaws.com"
ACCESS = []  # (time, line)

def access(t, ip, requester, request_id, operation, key, uri, status, error, sent, size, ua, host_id,
           signature="SigV4", auth="AuthHeader", host=S3_HOST):
    total = max(3, (size or 0) // 25000) if status == 200 else gen.randint(3, 9)
    line = '%s %s [%s] %s %s %s %s %s "%s" %s %s %s %s %d %d "-" "%s" - %s %s %s %s %s TLSv1.3 - - -' % (
        OWNER, BUCKET, t.strftime("%d/%b/%Y:%H:%M:%S +0000"), ip, requester or "-", request_id, operation,
        urllib.parse.quote(key, safe="/") if key else "-", uri, status, error or "-", sent if sent else "-",
        size if size else "-", total, min(total, gen.randint(2, 14)), ua, host_id,
        signature, "TLS_AES_128_GCM_SHA256", auth, host)
    ACCESS.append((t, line))

def s3_id():
    return "".join(gen.choice("0123456789ABCDEF") for _ in range(16))

def host_id():
    return "".join(gen.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(76))

for record in EVENTS:
    if record["eventSource"] != "s3.amazonaws.com" or (record["requestParameters"] or {}).get("bucketName") != BUCKET:
        continue
    t = dt.datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    extra, params = record["additionalEventData"], record["requestParameters"]
    ua = record["userAgent"].strip("[]")  # CloudTrail brackets S3 user agents; the access log does not
    if record["eventName"] == "GetObject":
        key = params["key"]
        access(t, record["sourceIPAddress"], record["userIdentity"]["arn"], record["requestID"], "REST.GET.OBJECT", key,
               "GET /%s HTTP/1.1" % urllib.parse.quote(key, safe="/"), 200, None, extra["bytesTransferredOut"],
               extra["bytesTransferredOut"], ua, extra["x-amz-id-2"])
    else:
        access(t, record["sourceIPAddress"], record["userIdentity"]["arn"], record["requestID"], "REST.GET.BUCKET", None,
               "GET /?prefix=%s&encoding-type=url HTTP/1.1" % urllib.parse.quote(params["prefix"], safe=""), 200, None,
               extra["bytesTransferredOut"], None, ua, extra["x-amz-id-2"])
# The web role reads the daily report every hour (HEAD, then GET) through the VPC gateway endpoint.
WEB_ARN = "arn:aws:sts::%s:assumed-role/web-app/%s" % (ACCOUNT, WEB_INSTANCE)
for hour in range(7, 12):
    key = "reports/daily/2026-11-02.json"
    t = at(hour, 0, 31)
    access(t, WEB_IP, WEB_ARN, s3_id(), "REST.HEAD.OBJECT", key, "HEAD /%s HTTP/1.1" % key, 200, None, None, 48213,
           "aws-sdk-java/2.25.10 Linux/6.1.109-118.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy", host_id())
    access(t + dt.timedelta(seconds=1), WEB_IP, WEB_ARN, s3_id(), "REST.GET.OBJECT", key, "GET /%s HTTP/1.1" % key, 200,
           None, 48213, 48213, "aws-sdk-java/2.25.10 Linux/6.1.109-118.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy", host_id())
# 08:46 the password sprayer tries the bucket anonymously: refused.
for i, (operation, key, uri) in enumerate([("REST.GET.BUCKET", None, "GET / HTTP/1.1"),
                                           ("REST.GET.OBJECT", "public/index.html", "GET /public/index.html HTTP/1.1"),
                                           ("REST.GET.OBJECT", "backup.zip", "GET /backup.zip HTTP/1.1"),
                                           ("REST.GET.OBJECT", ".env", "GET /.env HTTP/1.1"),
                                           ("REST.GET.ACL", None, "GET /?acl HTTP/1.1")]):
    access(at(8, 46, 5 + i * 4), SPRAYER, None, s3_id(), operation, key, uri, 403, "AccessDenied", 243, None,
           "python-requests/2.31.0", host_id(), signature="-", auth="-", host=BUCKET + ".s3.amazonaws.com")
# Delivery is best effort: files every few minutes, lines not in time order, one line arrives late.
ACCESS.sort()
access_files, deliveries = {}, {}
for index, (t, line) in enumerate(ACCESS):
    batch = (window_start(t, 10), index % 2)  # two log writers deliver each ten minutes
    if batch not in deliveries:
        deliveries[batch] = batch[0] + dt.timedelta(minutes=gen.randint(11, 17), seconds=gen.randint(0, 59))
    delivered = deliveries[batch]
    if index == len(ACCESS) // 2:
        delivered += dt.timedelta(minutes=52)  # a straggler in a later file
    access_files.setdefault(delivered, []).append(line)
for delivered, lines in sorted(access_files.items()):
    gen.shuffle(lines)
    write_text("s3-access/%s/%s-%s" % (BUCKET, delivered.strftime("%Y-%m-%d-%H-%M-%S"), s3_id()),
               "".join(line + "\n" for line in lines))
SUMMARY.append("%d S3 access log lines in %d files" % (len(ACCESS), len(access_files)))

# --- CloudWatch Logs: /var/log/secure of the web instance, exported to S3 ----------------------------------------
SECURE = []  # (time, syslog text)
HOST = "ip-10-0-1-15"

def secure(t, program, text):
    SECURE.append((t, "%s %2d %s %s %s: %s" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), HOST, program, text)))

for hour in range(7, 12):
    t = at(hour, 1, 1)
    pid = 3100 + hour * 7
    secure(t, "crond[%d]" % pid, "pam_unix(crond:session): session opened for user root by (uid=0)")
    secure(t + dt.timedelta(seconds=2), "crond[%d]" % pid, "pam_unix(crond:session): session closed for user root")
# 08:12 an administrator from the office, with a key, restarts nginx.
secure(at(8, 12, 5), "sshd[2841]", "Accepted publickey for ec2-user from %s port 52814 ssh2: ED25519 SHA256:Xb3kq0cM2u8PzV7hJfWnYl4TtRr9sEoA1gDdKiUaLmE" % OFFICE[1])
secure(at(8, 12, 5), "sshd[2841]", "pam_unix(sshd:session): session opened for user ec2-user by (uid=0)")
secure(at(8, 13, 40), "sudo", "ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx")
secure(at(8, 19, 40), "sshd[2841]", "pam_unix(sshd:session): session closed for user ec2-user")
# 09:35:41 the brute force from 203.0.113.77, then the login, root shell and a backdoor account.
for number, (t, user, port) in enumerate(BRUTE):
    pid = "sshd[%d]" % (4101 + number * 3)
    invalid = user != "ec2-user"
    if invalid:
        secure(t + dt.timedelta(milliseconds=400), pid, "Invalid user %s from %s port %d" % (user, ATTACKER, port))
    for attempt in range(3):
        secure(t + dt.timedelta(seconds=1.8 + attempt * 2.1), pid, "Failed password for %s%s from %s port %d ssh2" % (
            "invalid user " if invalid else "", user, ATTACKER, port))
    secure(t + dt.timedelta(seconds=6.3), pid, "Connection closed by %s %s %s port %d [preauth]" % (
        "invalid user" if invalid else "authenticating user", user, ATTACKER, port))
secure(LOGIN, "sshd[4170]", "Accepted password for ec2-user from %s port 50122 ssh2" % ATTACKER)
secure(LOGIN, "sshd[4170]", "pam_unix(sshd:session): session opened for user ec2-user by (uid=0)")
secure(at(9, 38, 31), "sudo", "ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/bin/bash")
secure(at(9, 38, 31), "sudo", "pam_unix(sudo:session): session opened for user root by ec2-user(uid=0)")
secure(at(9, 38, 52), "useradd[5120]", "new group: name=sysupdate, GID=1001")
secure(at(9, 38, 52), "useradd[5120]", "new user: name=sysupdate, UID=1001, GID=1001, home=/home/sysupdate, shell=/bin/bash, from=/dev/pts/0")
secure(at(9, 38, 58), "usermod[5127]", "add 'sysupdate' to group 'wheel'")
secure(at(9, 39, 4), "passwd[5131]", "pam_unix(passwd:chauthtok): password changed for sysupdate")
secure(SCP_LOGIN, "sshd[5140]", "Accepted password for ec2-user from %s port 50188 ssh2" % ATTACKER)
secure(SCP_LOGIN, "sshd[5140]", "pam_unix(sshd:session): session opened for user ec2-user by (uid=0)")
secure(at(9, 40, 51), "sshd[5140]", "Received disconnect from %s port 50188:11: disconnected by user" % ATTACKER)
secure(at(9, 40, 51), "sshd[5140]", "Disconnected from user ec2-user %s port 50188" % ATTACKER)
secure(at(9, 40, 51), "sshd[5140]", "pam_unix(sshd:session): session closed for user ec2-user")
secure(at(9, 41, 18), "sshd[4170]", "Received disconnect from %s port 50122:11: disconnected by user" % ATTACKER)
secure(at(9, 41, 18), "sshd[4170]", "Disconnected from user ec2-user %s port 50122" % ATTACKER)
secure(at(9, 41, 18), "sshd[4170]", "pam_unix(sshd:session): session closed for user ec2-user")
# The agent reads each line within a second of its writing; the export keeps that time in milliseconds.
EXPORT_TASK = "7c2e9a4b-3f1d-4e8a-9b6c-1d2e3f4a5b6c"
export_lines = []
for t, text in sorted(SECURE, key=lambda item: item[0]):
    read = t + dt.timedelta(milliseconds=gen.randint(20, 900))
    export_lines.append(read.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ %s" % (read.microsecond // 1000, text))
write_gz("exportedlogs/%s/%s/000000.gz" % (EXPORT_TASK, WEB_INSTANCE), export_lines)
write_text("exportedlogs/aws-logs-write-test", "Permission Check Successful")
SUMMARY.append("%d /var/log/secure lines in a CloudWatch Logs export" % len(export_lines))

# --- CloudWatch Logs: the trail's copy in log group acme-cloudtrail, read with `aws logs filter-log-events` -------
# Same records as the trail files, so the same eventIDs: stored once, counted as duplicates. The last three are
# in the trail file the attacker deleted, so here (and in Event history) they survive.
copied = [r for r in EVENTS if r["awsRegion"] == "eu-west-1" and r["eventCategory"] == "Management"
          and at(9, 30) <= dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc) <= stop]
cw_events = []
for r in sorted(copied, key=lambda r: r["eventTime"]):
    millis = epoch(dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)) * 1000
    cw_events.append({"logStreamName": "%s_CloudTrail_eu-west-1" % ACCOUNT, "timestamp": millis,
                      "message": json.dumps(r, separators=(",", ":")), "ingestionTime": millis + gen.randint(240000, 420000),
                      "eventId": "".join(gen.choice("0123456789") for _ in range(56))})
with open(os.path.join(exports, "filter-log-events-acme-cloudtrail.json"), "w") as out:
    json.dump({"events": cw_events, "searchedLogStreams": [
        {"logStreamName": "%s_CloudTrail_eu-west-1" % ACCOUNT, "searchedCompletely": True}]}, out, indent=4)
SUMMARY.append("%d CloudTrail records in a filter-log-events dump" % len(cw_events))

# --- CloudWatch metrics: `aws cloudwatch get-metric-data`, 5-minute periods, 06:00-12:00 ----------------------------
# NetworkOut of the web instance is the sum of its egress in the flow records (the exfiltration at 09:39-09:40);
# the c5.24xlarge runs at full CPU from a minute after its launch until the end of the dump.
periods = [at(6, 0) + dt.timedelta(minutes=5 * i) for i in range(72)]

def egress(eni, period):
    return float(sum(EGRESS.get((eni, period + dt.timedelta(minutes=m)), 0) for m in range(5)))

def web_cpu(period):
    if period == at(9, 35):
        return 41.37  # sshd under brute force, then tar and gzip of the web root
    if period == at(9, 40):
        return 63.82
    return round(4.0 + gen.random() * 3.5 + (2.5 if at(7, 0) <= period < at(11, 0) else 0.0), 2)

def miner_cpu(period):
    if period < at(9, 35):
        return None  # not launched yet: no data point
    return 27.64 if period == at(9, 35) else round(99.1 + gen.random() * 0.8, 2)

series = [("web_network_out", WEB_INSTANCE, "NetworkOut", lambda p: egress(WEB_ENI, p)),
          ("web_cpu", WEB_INSTANCE, "CPUUtilization", web_cpu),
          ("miner_network_out", MINER, "NetworkOut", lambda p: egress(MINER_ENI, p) if p >= at(9, 35) else None),
          ("miner_cpu", MINER, "CPUUtilization", miner_cpu)]
results = []
for metric_id, instance, metric, value_of in series:
    points = [(p, value_of(p)) for p in periods]
    points = [(p, v) for p, v in points if v is not None]
    points.reverse()  # newest first, as the API returns them
    results.append({"Id": metric_id, "Label": "%s %s" % (instance, metric),  # the label of a SEARCH expression
                    "Timestamps": [p.strftime("%Y-%m-%dT%H:%M:%S+00:00") for p, _ in points],
                    "Values": [v for _, v in points], "StatusCode": "Complete"})
with open(os.path.join(exports, "get-metric-data-ec2.json"), "w") as out:
    json.dump({"MetricDataResults": results, "Messages": []}, out, indent=4)
SUMMARY.append("%d metric points" % sum(len(r["Values"]) for r in results))

# --- AWS Config: a morning snapshot (the state before), then history files; nothing after the recorder stopped -------
def state_id(t):
    return epoch(t) * 1000 + t.microsecond // 1000

def item(t, resource_type, resource_id, name, arn, configuration, status="OK", region="eu-west-1", zone="Not Applicable",
         created=None, relationships=(), supplementary=None, tags=None):
    return {"relatedEvents": [], "relationships": list(relationships), "configuration": configuration,
            "supplementaryConfiguration": supplementary or {}, "tags": tags or {}, "configurationItemVersion": "1.3",
            "configurationItemCaptureTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000),
            "configurationStateId": state_id(t), "awsAccountId": ACCOUNT, "configurationItemStatus": status,
            "resourceType": resource_type, "resourceId": resource_id, "resourceName": name, "ARN": arn,
            "awsRegion": region, "availabilityZone": zone, "configurationStateMd5Hash": "",
            "resourceCreationTime": created}

def permission(port, cidrs, description):
    return {"fromPort": port, "ipProtocol": "tcp", "ipv6Ranges": [], "prefixListIds": [], "toPort": port,
            "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": c, "description": description} if description else {"cidrIp": c} for c in cidrs],
            "ipRanges": list(cidrs)}

def web_sg(t, ssh_cidrs):
    http = {"fromPort": 80, "ipProtocol": "tcp", "ipv6Ranges": [], "prefixListIds": [], "toPort": 80,
            "userIdGroupPairs": [{"groupId": "sg-0alb0000000000001", "userId": ACCOUNT}], "ipv4Ranges": [], "ipRanges": []}
    ssh = permission(22, ssh_cidrs, None)
    ssh["ipv4Ranges"][0]["description"] = "office"
    return item(t, "AWS::EC2::SecurityGroup", WEB_SG, "acme-web", "arn:aws:ec2:eu-west-1:%s:security-group/%s" % (ACCOUNT, WEB_SG),
                {"description": "acme web tier", "groupName": "acme-web", "ipPermissions": [http, ssh], "ownerId": ACCOUNT,
                 "groupId": WEB_SG, "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv6Ranges": [], "prefixListIds": [],
                                                            "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}],
                                                            "ipRanges": ["0.0.0.0/0"]}],
                 "tags": [{"key": "Name", "value": "acme-web"}], "vpcId": VPC},
                relationships=[{"resourceType": "AWS::EC2::VPC", "resourceId": VPC, "name": "Is contained in Vpc"},
                               {"resourceType": "AWS::EC2::NetworkInterface", "resourceId": WEB_ENI,
                                "name": "Is associated with NetworkInterface"}],
                tags={"Name": "acme-web"}, created=None)

def instance(t, instance_id, instance_type, eni, ip, launched, status="ResourceDiscovered", name=None):
    return item(t, "AWS::EC2::Instance", instance_id, None, "arn:aws:ec2:eu-west-1:%s:instance/%s" % (ACCOUNT, instance_id),
                {"instanceId": instance_id, "instanceType": instance_type, "imageId": "ami-0abcdef1234567890" if name is None else "ami-0acme0web00000001",
                 "launchTime": launched.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "privateIpAddress": ip, "subnetId": SUBNET_A, "vpcId": VPC,
                 "state": {"code": 16, "name": "running"}, "securityGroups": [{"groupName": "acme-web", "groupId": WEB_SG}],
                 "networkInterfaces": [{"networkInterfaceId": eni, "privateIpAddress": ip, "subnetId": SUBNET_A, "vpcId": VPC}],
                 "metadataOptions": {"httpTokens": "required", "httpEndpoint": "enabled"},
                 "iamInstanceProfile": {"arn": "arn:aws:iam::%s:instance-profile/web-app" % ACCOUNT} if name else None,
                 "tags": [{"key": "Name", "value": name}] if name else []},
                status=status, zone="eu-west-1a", created=launched.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                relationships=[{"resourceType": "AWS::EC2::NetworkInterface", "resourceId": eni, "name": "Contains NetworkInterface"},
                               {"resourceType": "AWS::EC2::SecurityGroup", "resourceId": WEB_SG, "name": "Is associated with SecurityGroup"},
                               {"resourceType": "AWS::EC2::Subnet", "resourceId": SUBNET_A, "name": "Is contained in Subnet"}],
                tags={"Name": name} if name else {})

def iam_user(t, user_id, name, created, policies, status="OK"):
    return item(t, "AWS::IAM::User", user_id, name, "arn:aws:iam::%s:user/%s" % (ACCOUNT, name),
                {"path": "/", "userName": name, "userId": user_id, "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name),
                 "createDate": created, "userPolicyList": [], "groupList": [],
                 "attachedManagedPolicies": [{"policyName": p.split("/")[-1], "policyArn": p} for p in policies],
                 "permissionsBoundary": None, "tags": []},
                status=status, region="global",
                relationships=[{"resourceType": "AWS::IAM::Policy", "resourceName": p.split("/")[-1], "name": "Is attached to CustomerManagedPolicy"}
                               for p in policies if ":aws:policy/" not in p])

bucket = item(at(6, 0, 11), "AWS::S3::Bucket", BUCKET, BUCKET, "arn:aws:s3:::" + BUCKET,
              {"name": BUCKET, "owner": {"displayName": None, "id": OWNER}, "creationDate": "2024-02-12T10:04:51.000Z"},
              created="2024-02-12T10:04:51.000Z",
              supplementary={"BucketLoggingConfiguration": {"destinationBucketName": "acme-s3-access-logs",
                                                            "logFilePrefix": "s3-access/%s/" % BUCKET},
                             "PublicAccessBlockConfiguration": {"blockPublicAcls": True, "ignorePublicAcls": True,
                                                                "blockPublicPolicy": True, "restrictPublicBuckets": True},
                             "ServerSideEncryptionConfiguration": {"rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"},
                                                                              "bucketKeyEnabled": True}]},
                             "BucketVersioningConfiguration": {"status": "Enabled", "isMfaDeleteEnabled": None}})
snapshot_time = at(6, 0, 11)
baseline = [web_sg(at(6, 0, 11), ["198.51.100.0/24"]), bucket,
            instance(at(6, 0, 11), WEB_INSTANCE, "m5.large", WEB_ENI, WEB_IP, dt.datetime(2026, 10, 28, 14, 2, 9, tzinfo=dt.timezone.utc),
                     status="OK", name="acme-web-1"),
            iam_user(at(6, 0, 11), "AIDAQ3EGCIDEPLOYER01", "ci-deployer", "2025-03-04T08:15:22Z",
                     ["arn:aws:iam::%s:policy/ci-deploy" % ACCOUNT])]
snapshot_id = "4b8f2c1e-9a3d-4e7f-8c6b-2d1a0f9e8b7c"
write_gz("AWSLogs/%s/Config/eu-west-1/2026/11/3/ConfigSnapshot/%s_Config_eu-west-1_ConfigSnapshot_%s_%s.json.gz" % (
    ACCOUNT, ACCOUNT, snapshot_time.strftime("%Y%m%dT%H%M%SZ"), snapshot_id),
    [json.dumps({"fileVersion": "1.0", "configSnapshotId": snapshot_id, "configurationItems": baseline}, separators=(",", ":"))])
# Changes, as Config captured them seconds to minutes after the CloudTrail calls.
history = {
    "AWS::IAM::User": [iam_user(at(9, 11, 9, ), "AIDAQ3EGSUPPORTSVC01", "support-svc", "2026-11-03T09:11:02Z", [],
                                status="ResourceDiscovered"),
                       iam_user(at(9, 12, 31), "AIDAQ3EGSUPPORTSVC01", "support-svc", "2026-11-03T09:11:02Z",
                                ["arn:aws:iam::aws:policy/AdministratorAccess"])],
    "AWS::EC2::SecurityGroup": [web_sg(at(9, 35, 24), ["198.51.100.0/24", "0.0.0.0/0"])],
    "AWS::EC2::Instance": [instance(at(9, 37, 52), MINER, "c5.24xlarge", MINER_ENI, MINER_IP, at(9, 37, 30))],
}
history["AWS::EC2::SecurityGroup"][0]["configuration"]["ipPermissions"][1]["ipv4Ranges"][1].pop("description", None)
window = (at(8, 15, 22), at(14, 15, 22))  # six-hourly history delivery; recording stopped at 09:41:40
for resource_type, items in history.items():
    write_gz("AWSLogs/%s/Config/eu-west-1/2026/11/3/ConfigHistory/%s_Config_eu-west-1_ConfigHistory_%s_%s_%s_1.json.gz" % (
        ACCOUNT, ACCOUNT, resource_type.replace("::", "_"), window[0].strftime("%Y%m%dT%H%M%SZ"), window[1].strftime("%Y%m%dT%H%M%SZ")),
        [json.dumps({"fileVersion": "1.0", "configurationItems": items}, separators=(",", ":"))])
SUMMARY.append("%d Config items" % (len(baseline) + sum(len(v) for v in history.values())))

# --- CloudTrail digests for eu-west-1 (log file validation) ---------------------------------------------------------
# Hashes are real: each lists the SHA-256 of its log files' inflated bytes and of the previous digest. Signatures are
# not: CloudTrail signs with its own RSA key (kept in S3 object metadata, not in the file), and the standard library
# cannot make RSA signatures, so previousDigestSignature holds a placeholder. The last digest lists the 09:45 file the
# attacker deleted: `cloudsift gaps` reports it missing.
TRAIL_BUCKET = "acme-cloudtrail-logs"
digest_ends = [at(8, 0, 43), at(9, 0, 43), at(9, 47, 10)]  # hourly, then the final digest written when logging stopped
previous = None
start = at(7, 0, 43)
for end in digest_ends:
    listed = [f for f in TRAIL_FILES if f[0] == "eu-west-1" and start <= f[1] < end]
    times = [r["eventTime"] for f in listed for r in f[4]]
    key = "AWSLogs/%s/CloudTrail-Digest/eu-west-1/%s/%s_CloudTrail-Digest_eu-west-1_acme-main_eu-west-1_%s.json.gz" % (
        ACCOUNT, end.strftime("%Y/%m/%d"), ACCOUNT, end.strftime("%Y%m%dT%H%M%SZ"))
    digest = {"awsAccountId": ACCOUNT, "digestStartTime": ts(start), "digestEndTime": ts(end),
              "digestS3Bucket": TRAIL_BUCKET, "digestS3Object": key,
              "digestPublicKeyFingerprint": "5f3c2a9e8d7b6a4c1e0f9d8c7b6a5e4d", "digestSignatureAlgorithm": "SHA256withRSA",
              "newestEventTime": max(times) if times else None, "oldestEventTime": min(times) if times else None,
              "previousDigestS3Bucket": TRAIL_BUCKET if previous else None,
              "previousDigestS3Object": previous[0] if previous else None,
              "previousDigestHashValue": hashlib.sha256(previous[1]).hexdigest() if previous else None,
              "previousDigestHashAlgorithm": "SHA-256" if previous else None,
              "previousDigestSignature": (hashlib.sha256(b"placeholder signature of " + previous[0].encode()).hexdigest() * 8)
              if previous else None,
              "logFiles": [{"s3Bucket": TRAIL_BUCKET, "s3Object": f[2], "hashValue": hashlib.sha256(f[3]).hexdigest(),
                            "hashAlgorithm": "SHA-256", "newestEventTime": max(r["eventTime"] for r in f[4]),
                            "oldestEventTime": min(r["eventTime"] for r in f[4])} for f in listed]}
    content = json.dumps(digest, separators=(",", ":")).encode()
    path = os.path.join(ROOT, *key.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as out:
        out.write(content)
    previous, start = (key, content), end
SUMMARY.append("%d CloudTrail digests" % len(digest_ends))

print("wrote " + "; ".join(SUMMARY))
