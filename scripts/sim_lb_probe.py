#!/usr/bin/env python3
"""Probe a hoist simulator's load balancer, certificate and ELB metric calls
with boto3, as a new user would: every call the console's load balancer
screen and actions need, and the refusals AWS gives.

    hoist sim serve --listen 127.0.0.1:4577 &
    python3 scripts/sim_lb_probe.py --endpoint http://127.0.0.1:4577

It changes the default fleet's web listener and target groups. Exit status
0 when every check holds; otherwise each failed check is printed.
aws/sim's TestBoto3Probe runs it against a fresh simulator.
"""

import argparse
import datetime
import email.utils
import sys

import boto3
import botocore.config
import botocore.exceptions

FAILED = []
PASSED = [0]


def check(cond, what):
    if cond:
        PASSED[0] += 1
    else:
        FAILED.append(what)


def refused(call, code, fragment=""):
    """The call fails with code, its message containing fragment."""
    try:
        call()
    except botocore.exceptions.ClientError as e:
        err = e.response["Error"]
        check(err["Code"] == code and fragment in err["Message"],
              f"want {code} ~{fragment!r}, got {err['Code']}: {err['Message']}")
        return
    check(False, f"want {code} ~{fragment!r}, the call succeeded")


def server_now(resp):
    """The server's clock (the simulator's may not be the wall clock's)."""
    return email.utils.parsedate_to_datetime(resp["ResponseMetadata"]["HTTPHeaders"]["date"])


def clients(endpoint):
    cfg = botocore.config.Config(retries={"max_attempts": 1}, region_name="us-east-1")
    kw = dict(endpoint_url=endpoint, aws_access_key_id="probe", aws_secret_access_key="probe", config=cfg)
    return (boto3.client("elbv2", **kw), boto3.client("acm", **kw), boto3.client("cloudwatch", **kw))


def probe_policies(elb):
    pols = elb.describe_ssl_policies()["SslPolicies"]
    names = {p["Name"]: p for p in pols}
    check(len(pols) >= 20, f"{len(pols)} SSL policies, AWS lists about twenty")
    res = names.get("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", {})
    check(res.get("SslProtocols") == ["TLSv1.2", "TLSv1.3"] and len(res.get("Ciphers", [])) == 7,
          f"TLS13-1-2-Res-2021-06: {res}")
    check("ELBSecurityPolicy-2016-08" in names and "ELBSecurityPolicy-FS-1-2-Res-2020-10" in names, "2016-08 and FS policies listed")
    refused(lambda: elb.describe_ssl_policies(Names=["ELBSecurityPolicy-Nope"]), "SSLPolicyNotFound")


def probe_certificates(acm):
    first = acm.list_certificates()
    rsa, now = first["CertificateSummaryList"], server_now(first)
    check(all(c["KeyAlgorithm"] in ("RSA_1024", "RSA_2048") for c in rsa), "default listing holds RSA certificates only")
    everything = []
    pages = acm.get_paginator("list_certificates").paginate(
        Includes={"keyTypes": ["RSA_2048", "EC_prime256v1"]}, PaginationConfig={"PageSize": 2})
    for page in pages:
        everything += page["CertificateSummaryList"]
    check(len(everything) == len(rsa) + 1, f"{len(everything)} certificates with ECDSA, {len(rsa)} without")
    expired = acm.list_certificates(CertificateStatuses=["EXPIRED"])["CertificateSummaryList"]
    check(len(expired) == 1 and not expired[0]["InUse"], f"expired certificates {expired}")
    soon = [c for c in everything if c["InUse"] and c["NotAfter"] - now < datetime.timedelta(days=7)]
    check(len(soon) == 1, f"in-use certificates expiring within a week: {[c['DomainName'] for c in soon]}")
    if soon:
        d = acm.describe_certificate(CertificateArn=soon[0]["CertificateArn"])["Certificate"]
        check(d["Type"] == "IMPORTED" and d["Status"] == "ISSUED" and len(d["InUseBy"]) == 1, f"expiring certificate {d}")
    missing = "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-a000-000000000000"
    refused(lambda: acm.describe_certificate(CertificateArn=missing), "ResourceNotFoundException", missing)
    refused(lambda: acm.list_certificates(Includes={"keyTypes": ["DSA_1024"]}), "ValidationException", "includes.keyTypes")
    return {c["DomainName"]: c["CertificateArn"] for c in everything} | {c["DomainName"]: c["CertificateArn"] for c in expired}


def https_listener(elb):
    web = elb.describe_load_balancers(Names=["solemate-web"])["LoadBalancers"][0]
    ls = elb.describe_listeners(LoadBalancerArn=web["LoadBalancerArn"])["Listeners"]
    return web, next(l for l in ls if l["Protocol"] == "HTTPS")


def probe_listeners(elb, acm, certs):
    web, https = https_listener(elb)
    arn = https["ListenerArn"]
    old = [l for lb in elb.describe_load_balancers()["LoadBalancers"]
           for l in elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
           if l.get("SslPolicy") == "ELBSecurityPolicy-2016-08"]
    check(len(old) == 1, f"{len(old)} listeners on the old ELBSecurityPolicy-2016-08")
    refused(lambda: elb.modify_listener(ListenerArn=arn, SslPolicy="ELBSecurityPolicy-TLS13-9-9"), "SSLPolicyNotFound")
    expired = certs["blackfriday2025.solemate.example"]
    refused(lambda: elb.modify_listener(ListenerArn=arn, Certificates=[{"CertificateArn": expired}]), "CertificateNotFound", expired)
    refused(lambda: elb.modify_listener(ListenerArn=arn, Port=80), "DuplicateListener")
    refused(lambda: elb.modify_listener(ListenerArn=arn + "0"), "ListenerNotFound")
    out = elb.modify_listener(ListenerArn=arn, SslPolicy="ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
                              Certificates=[{"CertificateArn": certs["staging.solemate.example"]}])["Listeners"][0]
    check(out["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", f"modified policy {out}")
    elb.add_listener_certificates(ListenerArn=arn, Certificates=[{"CertificateArn": certs["www.solemate.example"]}])
    listed = elb.describe_listener_certificates(ListenerArn=arn)["Certificates"]
    default = [c["CertificateArn"] for c in listed if c["IsDefault"]]
    check(default == [certs["staging.solemate.example"]] and len(listed) == 3, f"listener certificates {listed}")
    refused(lambda: elb.remove_listener_certificates(ListenerArn=arn, Certificates=[{"CertificateArn": default[0]}]),
            "OperationNotPermitted")
    elb.remove_listener_certificates(ListenerArn=arn, Certificates=[{"CertificateArn": certs["www.solemate.example"]}])
    check(len(elb.describe_listener_certificates(ListenerArn=arn)["Certificates"]) == 2, "removed certificate still listed")
    used = acm.describe_certificate(CertificateArn=certs["www.solemate.example"])["Certificate"]["InUseBy"]
    check(web["LoadBalancerArn"] not in used, f"InUseBy after removal {used}")


def probe_lb_attributes(elb):
    lbs = {lb["LoadBalancerName"]: lb["LoadBalancerArn"] for lb in elb.describe_load_balancers()["LoadBalancers"]}
    web = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lbs["solemate-web"])["Attributes"]}
    db = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lbs["solemate-db-replicas"])["Attributes"]}
    check(web.get("load_balancing.cross_zone.enabled") == "true" and db.get("load_balancing.cross_zone.enabled") == "false",
          f"cross-zone: ALB {web.get('load_balancing.cross_zone.enabled')}, NLB {db.get('load_balancing.cross_zone.enabled')}")
    refused(lambda: elb.modify_load_balancer_attributes(LoadBalancerArn=lbs["solemate-web"],
            Attributes=[{"Key": "load_balancing.cross_zone.enabled", "Value": "false"}]), "InvalidConfigurationRequest")
    refused(lambda: elb.modify_load_balancer_attributes(LoadBalancerArn=lbs["solemate-db-replicas"],
            Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]), "ValidationError", "is not recognized")


def probe_target_groups(elb):
    tgs = {t["TargetGroupName"]: t for t in elb.describe_target_groups()["TargetGroups"]}
    web, cache = tgs["solemate-web-tg"]["TargetGroupArn"], tgs["solemate-cache-tg"]["TargetGroupArn"]
    refused(lambda: elb.modify_target_group(TargetGroupArn=web, HealthCheckIntervalSeconds=10, HealthCheckTimeoutSeconds=10),
            "ValidationError", "greater than the timeout")
    refused(lambda: elb.modify_target_group(TargetGroupArn=web, HealthCheckPath="healthz"), "ValidationError", "'/'")
    refused(lambda: elb.modify_target_group(TargetGroupArn=web, HealthCheckIntervalSeconds=400), "ValidationError", "300")
    refused(lambda: elb.modify_target_group(TargetGroupArn=web, HealthyThresholdCount=11), "ValidationError", "healthyThresholdCount")
    refused(lambda: elb.modify_target_group(TargetGroupArn=web + "0"), "TargetGroupNotFound")
    g = elb.modify_target_group(TargetGroupArn=web, HealthCheckIntervalSeconds=10, HealthCheckTimeoutSeconds=4,
                                HealthCheckPath="/ready")["TargetGroups"][0]
    check((g["HealthCheckIntervalSeconds"], g["HealthCheckTimeoutSeconds"], g["HealthCheckPath"]) == (10, 4, "/ready"), f"health check {g}")

    def attrs(arn, **kv):
        return elb.modify_target_group_attributes(TargetGroupArn=arn, Attributes=[{"Key": k, "Value": v} for k, v in kv.items()])

    refused(lambda: attrs(web, **{"stickiness.flavour": "x"}), "ValidationError", "is not recognized")
    refused(lambda: attrs(cache, **{"load_balancing.algorithm.type": "least_outstanding_requests"}), "InvalidConfigurationRequest")
    refused(lambda: attrs(cache, **{"stickiness.type": "lb_cookie"}), "InvalidConfigurationRequest", "TCP")
    refused(lambda: attrs(web, **{"load_balancing.algorithm.type": "weighted_random"}), "InvalidConfigurationRequest", "weighted random")
    refused(lambda: attrs(web, **{"deregistration_delay.timeout_seconds": "4000"}), "ValidationError", "0-3600")
    attrs(web, **{"stickiness.enabled": "false", "load_balancing.algorithm.type": "least_outstanding_requests", "slow_start.duration_seconds": "60"})
    got = {a["Key"]: a["Value"] for a in elb.describe_target_group_attributes(TargetGroupArn=web)["Attributes"]}
    check(got["load_balancing.algorithm.type"] == "least_outstanding_requests" and got["slow_start.duration_seconds"] == "60",
          f"attributes read back {got}")


def probe_metrics(cw, elb):
    listed = cw.list_metrics(Namespace="AWS/ApplicationELB")
    names, end = {m["MetricName"] for m in listed["Metrics"]}, server_now(listed)
    want = {"RequestCount", "RequestCountPerTarget", "TargetResponseTime", "HTTPCode_Target_5XX_Count",
            "HTTPCode_ELB_5XX_Count", "RejectedConnectionCount", "HealthyHostCount", "UnHealthyHostCount"}
    check(want <= names, f"ALB metrics missing: {want - names}")
    nlb = {m["MetricName"] for m in cw.list_metrics(Namespace="AWS/NetworkELB")["Metrics"]}
    check({"ActiveFlowCount", "TCP_Target_Reset_Count", "TCP_ELB_Reset_Count"} <= nlb, f"NLB metrics {nlb}")
    web, _ = https_listener(elb)
    tg = elb.describe_target_groups(Names=["solemate-web-tg"])["TargetGroups"][0]
    lbd = web["LoadBalancerArn"].split(":loadbalancer/")[1]
    tgd = tg["TargetGroupArn"].split(":")[-1]
    queries = [{"Id": f"z{i}", "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount",
                "Dimensions": [{"Name": "LoadBalancer", "Value": lbd}, {"Name": "TargetGroup", "Value": tgd},
                               {"Name": "AvailabilityZone", "Value": az}]}, "Period": 60, "Stat": "Sum"}}
               for i, az in enumerate(["us-east-1a", "us-east-1b", "us-east-1c"])]
    res = cw.get_metric_data(MetricDataQueries=queries, StartTime=end - datetime.timedelta(minutes=10), EndTime=end)
    check(all(r["Values"] for r in res["MetricDataResults"]), "RequestCount by target group and zone has no data")
    st = cw.get_metric_statistics(Namespace="AWS/ApplicationELB", MetricName="TargetResponseTime",
                                  Dimensions=[{"Name": "LoadBalancer", "Value": lbd}], ExtendedStatistics=["p50", "p99"],
                                  StartTime=end - datetime.timedelta(minutes=5), EndTime=end, Period=300)["Datapoints"]
    check(st and st[0]["ExtendedStatistics"]["p99"] > st[0]["ExtendedStatistics"]["p50"] > 0, f"TargetResponseTime {st}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True, help="the simulator's URL, e.g. http://127.0.0.1:4566")
    args = ap.parse_args()
    elb, acm, cw = clients(args.endpoint)
    probe_policies(elb)
    certs = probe_certificates(acm)
    probe_listeners(elb, acm, certs)
    probe_lb_attributes(elb)
    probe_target_groups(elb)
    probe_metrics(cw, elb)
    for f in FAILED:
        print("FAIL:", f)
    print(f"{PASSED[0]} checks passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
