#!/usr/bin/env python3
"""Writes the bundled example incident under examples/acme-incident/ (deterministic).

The story (all times UTC, 2026-11-03; account 111122223333 "acme-prod"):
  - Normal work all day: developers and the CI role from the office range 198.51.100.0/24.
  - 08:41-08:44 a password spray against the console from 192.0.2.10 (root and admin names).
  - 09:02 the long-term key of IAM user ci-deployer, leaked in a public repository, is used from
    203.0.113.77: GetCallerIdentity, then enumeration of IAM, S3 and EC2 across many regions,
    with a burst of AccessDenied.
  - 09:11 persistence: a new user support-svc with an access key, a console password and
    AdministratorAccess; 09:14 a console login as support-svc without MFA.
  - 09:20 the attacker assumes role backup-admin and reads the finance export bucket
    (S3 data events), reads secrets in bulk, shares an EBS snapshot with account 999988887777.
  - 09:35 opens SSH to the world on the web security group and starts a large instance.
  - 09:41 covers tracks: deletes the VPC flow logs, stops the Config recorder, stops the trail.
An overlapping `aws cloudtrail lookup-events` dump shows that the same event from two
acquisitions is stored once.

Run: python3 examples/make_acme_incident.py  (writes examples/acme-incident/)
"""
import datetime as dt
import gzip
import json
import os
import random
import uuid

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme-incident")
ACCOUNT = "111122223333"
DAY = dt.datetime(2026, 11, 3, tzinfo=dt.timezone.utc)
rnd = random.Random(20261103)

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
      response={"instancesSet": {"items": [{"instanceId": "i-0c0ffee0c0ffee001", "instanceType": "c5.24xlarge"}]}})

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
for (region, delivery), records in sorted(files.items()):
    folder = os.path.join(ROOT, "AWSLogs", ACCOUNT, "CloudTrail", region, delivery.strftime("%Y/%m/%d"))
    os.makedirs(folder, exist_ok=True)
    name = "%s_CloudTrail_%s_%s_%s.json.gz" % (ACCOUNT, region, delivery.strftime("%Y%m%dT%H%MZ"),
                                               "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16)))
    shuffled = list(records)
    rnd.shuffle(shuffled)  # CloudTrail promises no order inside a file
    with gzip.GzipFile(os.path.join(folder, name), "wb", mtime=0) as out:
        out.write(json.dumps({"Records": shuffled}, separators=(",", ":")).encode())

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
print("wrote %d events into %d trail files and %d lookup events" % (
    sum(len(v) for v in files.values()), len(files), len(management)))
