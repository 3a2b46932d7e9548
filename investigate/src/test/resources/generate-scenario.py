#!/usr/bin/env python3
"""Writes the small multi-source incident the investigation tests run on (deterministic; rerun to regenerate).

Story: account 111122223333, eu-west-1. Two quiet days of routine CloudTrail activity every 5 minutes, then on
2025-11-04 the attacker at 203.0.113.45 probes the web app (WAF, ALB), brute-forces SSH (VPC flow, CloudWatch
OS log), uses a leaked key of user dev-ci, assumes role Admin, hops into account 444455556666, reads 300 objects
from acme-data, stops the trail and deletes flow logs. The trail then stays silent for two hours.
"""
import json, datetime as dt, random

random.seed(7)
ACCOUNT, OTHER, REGION, IP = "111122223333", "444455556666", "eu-west-1", "203.0.113.45"
T = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
eid = iter(range(1, 10**6))

def trail(t, name, source, arn, key, ip, ua="aws-cli/2.15.0", params=None, response=None, error=None, utype="IAMUser",
          issuer=None, account=ACCOUNT, delivery=None, invoked_by=None, readonly=False, category="Management"):
    ident = {"type": utype, "principalId": "AIDAEXAMPLE", "arn": arn, "accountId": account}
    if key: ident["accessKeyId"] = key
    if utype == "IAMUser": ident["userName"] = arn.split("/")[-1]
    if utype == "AssumedRole":
        ident["sessionContext"] = {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": issuer,
                                   "accountId": account, "userName": issuer.split("/")[-1]},
                                   "attributes": {"creationDate": iso(t), "mfaAuthenticated": "false"}}
        if delivery: ident["sessionContext"]["ec2RoleDelivery"] = delivery
    if utype == "AWSService": ident = {"type": "AWSService", "invokedBy": invoked_by}
    r = {"eventVersion": "1.09", "userIdentity": ident, "eventTime": iso(t), "eventSource": source, "eventName": name,
         "awsRegion": REGION, "sourceIPAddress": ip, "userAgent": ua, "requestParameters": params,
         "responseElements": response, "requestID": "req-%06d" % next(eid), "eventID": "evt-%06d" % next(eid),
         "readOnly": readonly, "eventType": "AwsApiCall", "managementEvent": category == "Management",
         "recipientAccountId": account, "eventCategory": category}
    if error: r["errorCode"] = error; r["errorMessage"] = "denied"
    return r

trails, events = [], []
ALICE = "arn:aws:iam::%s:user/alice" % ACCOUNT
t = T("2025-11-02T00:00:00Z")
while t < T("2025-11-04T09:00:00Z"):
    trails.append(trail(t, random.choice(["DescribeInstances", "ListBuckets", "GetBucketAcl"]), "ec2.amazonaws.com",
                        ALICE, "AKIAALICE00000000001", "198.51.100.7", readonly=True))
    t += dt.timedelta(minutes=5)

DEV = "arn:aws:iam::%s:user/dev-ci" % ACCOUNT
LEAKED, ADMIN_KEY, CROSS_KEY, WEB_KEY = "AKIAEXAMPLELEAKED001", "ASIAATTACKERADMIN001", "ASIACROSSACCOUNT0002", "ASIAINSTANCEWEB00003"
ADMIN_ROLE = "arn:aws:iam::%s:role/Admin" % ACCOUNT
ADMIN_SESSION = "arn:aws:sts::%s:assumed-role/Admin/pwn" % ACCOUNT
AUDIT_ROLE = "arn:aws:iam::%s:role/Audit" % OTHER
AUDIT_SESSION = "arn:aws:sts::%s:assumed-role/Audit/hop" % OTHER
WEB_ROLE = "arn:aws:iam::%s:role/WebRole" % ACCOUNT
WEB_SESSION = "arn:aws:sts::%s:assumed-role/WebRole/i-0abc1234def567890" % ACCOUNT
UA = "python-requests/2.31 <script>"

def creds(key, arn):
    return {"credentials": {"accessKeyId": key, "sessionToken": "x", "expiration": "Nov 4, 2025, 11:00:00 AM"},
            "assumedRoleUser": {"assumedRoleId": "AROAEXAMPLE:s", "arn": arn}}

t0 = T("2025-11-04T09:00:00Z")
m = lambda minutes, seconds=0: t0 + dt.timedelta(minutes=minutes, seconds=seconds)
# the instance role session (IMDSv2) issued by EC2, used from the instance
trails.append(trail(m(0), "AssumeRole", "sts.amazonaws.com", None, None, "ec2.amazonaws.com", ua="ec2.amazonaws.com",
                    params={"roleArn": WEB_ROLE, "roleSessionName": "i-0abc1234def567890"},
                    response=creds(WEB_KEY, WEB_SESSION), utype="AWSService", invoked_by="ec2.amazonaws.com"))
trails.append(trail(m(1), "GetCallerIdentity", "sts.amazonaws.com", WEB_SESSION, WEB_KEY, "10.0.1.10",
                    utype="AssumedRole", issuer=WEB_ROLE, delivery="2.0", readonly=True))
# the leaked key
trails.append(trail(m(20), "GetCallerIdentity", "sts.amazonaws.com", DEV, LEAKED, IP, ua=UA, readonly=True))
for i in range(3):
    trails.append(trail(m(21, i), "ListUsers", "iam.amazonaws.com", DEV, LEAKED, IP, ua=UA, error="AccessDenied", readonly=True))
trails.append(trail(m(22), "AssumeRole", "sts.amazonaws.com", DEV, LEAKED, IP, ua=UA,
                    params={"roleArn": ADMIN_ROLE, "roleSessionName": "pwn"}, response=creds(ADMIN_KEY, ADMIN_SESSION)))
trails.append(trail(m(23), "AssumeRole", "sts.amazonaws.com", ADMIN_SESSION, ADMIN_KEY, IP, ua=UA, utype="AssumedRole",
                    issuer=ADMIN_ROLE, params={"roleArn": AUDIT_ROLE, "roleSessionName": "hop"},
                    response=creds(CROSS_KEY, AUDIT_SESSION)))
trails.append(trail(m(24), "ListBuckets", "s3.amazonaws.com", AUDIT_SESSION, CROSS_KEY, IP, ua=UA, utype="AssumedRole",
                    issuer=AUDIT_ROLE, account=OTHER, readonly=True))
trails.append(trail(m(25), "DeleteFlowLogs", "ec2.amazonaws.com", ADMIN_SESSION, ADMIN_KEY, IP, ua=UA, utype="AssumedRole",
                    issuer=ADMIN_ROLE, params={"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0123", "tag": 1}}}))
trails.append(trail(m(26), "PutBucketLogging", "s3.amazonaws.com", ADMIN_SESSION, ADMIN_KEY, IP, ua=UA, utype="AssumedRole",
                    issuer=ADMIN_ROLE, params={"bucketName": "acme-data", "BucketLoggingStatus": {}}))
trails.append(trail(m(27), "PutRetentionPolicy", "logs.amazonaws.com", ADMIN_SESSION, ADMIN_KEY, IP, ua=UA,
                    utype="AssumedRole", issuer=ADMIN_ROLE, params={"logGroupName": "/var/log/secure", "retentionInDays": 1}))
trails.append(trail(m(28), "StopLogging", "cloudtrail.amazonaws.com", ADMIN_SESSION, ADMIN_KEY, IP, ua=UA,
                    utype="AssumedRole", issuer=ADMIN_ROLE,
                    params={"name": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main"}))
# routine activity resumes two hours later
t = m(150)
while t < T("2025-11-04T14:00:00Z"):
    trails.append(trail(t, "DescribeInstances", "ec2.amazonaws.com", ALICE, "AKIAALICE00000000001", "198.51.100.7", readonly=True))
    t += dt.timedelta(minutes=5)

def ev(t, source, **kw):
    row = {"event_time": iso(t) if isinstance(t, dt.datetime) else t, "source": source, "account_id": ACCOUNT, "region": REGION}
    row.update(kw)
    return row

waf = [ev(m(5, i * 7), "waf", action="BLOCK" if i % 2 else "ALLOW", outcome="failure" if i % 2 else "success",
          src_ip=IP, user_agent=UA, resource="shop.example.com/login?u=\"><img src=x onerror=alert(1)>",
          event_id="waf-%d" % i, message="WAF %s /login" % ("BLOCK" if i % 2 else "ALLOW")) for i in range(6)]
alb = [ev(m(6, i * 9), "alb", action="GET", outcome="success", src_ip=IP, dst_ip="10.0.0.5", dst_port=443,
          user_agent=UA, resource="shop.example.com/login", bytes=512, message="GET /login 200") for i in range(4)]
flow = [ev(m(10, i), "vpcflow", action="REJECT" if i < 3 else "ACCEPT", outcome="failure" if i < 3 else "success",
           src_ip=IP, dst_ip="10.0.1.10", src_port=50000 + i, dst_port=22, bytes=4000,
           resource="eni-0a1b2c3d4e5f67890", message="%s -> 10.0.1.10:22" % IP) for i in range(5)]
cw = [ev(m(11, i * 5), "cloudwatch", action="sshd", outcome="failure", principal="root", src_ip=IP,
         resource="/var/log/secure/i-0abc1234def567890",
         message="Failed password for root from %s port 5000%d ssh2" % (IP, i)) for i in range(4)]
s3 = [ev(m(30, i * 4), "s3access", action="REST.GET.OBJECT", outcome="success", principal=ADMIN_SESSION, src_ip=IP,
         user_agent=UA, resource="acme-data/customers/=HYPERLINK(\"http://x\")-%04d.csv" % i, bytes=10_000 + i,
         event_id="s3-%d" % i, message="GET acme-data object %d" % i) for i in range(300)]
# a second, later burst on the same bucket after a 30-minute pause is a separate run
s3 += [ev(m(80, i), "s3access", action="REST.GET.OBJECT", outcome="success", principal=ADMIN_SESSION, src_ip=IP,
          user_agent=UA, resource="acme-data/exports/%d.csv" % i, bytes=1000, message="GET acme-data export %d" % i)
       for i in range(5)]

def write(name, header, rows):
    with open(name, "w") as f:
        if header:
            f.write(header + "\n")
        for row in rows:
            f.write(json.dumps(row, separators=(",", ":")) + "\n")

write("scenario/trail.jsonl", None, trails)
write("scenario/web.jsonl", '{"fixture":"events"}', waf + alb)
write("scenario/network.jsonl", '{"fixture":"events"}', flow + cw)
write("scenario/s3access.jsonl", '{"fixture":"events"}', s3)
