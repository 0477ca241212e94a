"""Read every load balancer the way a boto3 user would, for
TestCLILBAgainstBoto3: prints one JSON document in the shape the Go test
makes of `hoist lb --json`. Usage: lb_boto3.py ENDPOINT-URL"""
import json
import sys

import boto3

ep = sys.argv[1]
kw = dict(endpoint_url=ep, region_name="us-east-1", aws_access_key_id="sim", aws_secret_access_key="sim")
elb = boto3.client("elbv2", **kw)
acm = boto3.client("acm", **kw)


def pages(op, key, **args):
    for page in elb.get_paginator(op).paginate(**args):
        yield from page[key]


certs = {}


def cert(arn):
    if arn not in certs:
        c = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        certs[arn] = {"domain": c["DomainName"], "not_after": c["NotAfter"].strftime("%Y-%m-%dT%H:%M:%SZ")}
    return arn


out = {}
for lb in pages("describe_load_balancers", "LoadBalancers"):
    doc = {"type": lb["Type"], "scheme": lb["Scheme"], "state": lb["State"]["Code"], "dns_name": lb["DNSName"],
           "zones": [z["ZoneName"] for z in lb["AvailabilityZones"]], "listeners": {}, "target_groups": {}}
    for l in pages("describe_listeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"]):
        rules = [r for r in elb.describe_rules(ListenerArn=l["ListenerArn"])["Rules"] if not r["IsDefault"]]
        ld = {"protocol": l["Protocol"], "rules": len(rules), "ssl_policy": l.get("SslPolicy", ""), "certificates": []}
        if l["Protocol"] in ("HTTPS", "TLS"):
            cs = elb.describe_listener_certificates(ListenerArn=l["ListenerArn"])["Certificates"]
            ld["certificates"] = [cert(c["CertificateArn"]) for c in sorted(cs, key=lambda c: not c.get("IsDefault"))]
        doc["listeners"][str(l["Port"])] = ld
    for tg in pages("describe_target_groups", "TargetGroups", LoadBalancerArn=lb["LoadBalancerArn"]):
        attrs = elb.describe_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"])["Attributes"]
        doc["target_groups"][tg["TargetGroupName"]] = {
            "protocol": tg["Protocol"], "port": tg["Port"], "target_type": tg["TargetType"],
            "health_check": [tg["HealthCheckProtocol"], tg.get("HealthCheckPath", ""), tg["HealthCheckPort"],
                             tg["HealthCheckIntervalSeconds"], tg["HealthCheckTimeoutSeconds"],
                             tg["HealthyThresholdCount"], tg["UnhealthyThresholdCount"], tg.get("Matcher", {}).get("HttpCode", "")],
            "attributes": {a["Key"]: a["Value"] for a in attrs},
        }
    out[lb["LoadBalancerName"]] = doc
json.dump({"load_balancers": out, "certificates": certs}, sys.stdout, sort_keys=True, indent=1)
