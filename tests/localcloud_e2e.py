#!/usr/bin/env python3
"""The local cloud, driven by real third-party clients: Debian's boto3 and aws CLI talk to a
real `spotrun cloud serve` process, whose instances are real processes with their own sshd.
What these clients parse without complaint is EC2's wire format as AWS writes it.

Usage: localcloud_e2e.py PATH_TO_SPOTRUN  (ctest runs it; see CMakeLists.txt)
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

SPOTRUN = None  # set in main
DEADLINE = 60  # seconds any single wait may take


def poll(what, check, timeout=DEADLINE, interval=0.1):
    """Polls check() until it returns something truthy, or fails naming `what`."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def address_range():
    """A /24 of loopback addresses of our own, so parallel tests never share one."""
    pid = os.getpid()
    x, y = 2 + pid % 60, (pid // 60) % 256
    return f"127.{x}.{y}.1-127.{x}.{y}.254"


class LocalCloud:
    """One `spotrun cloud serve` in a private HOME and state directory."""

    def __init__(self, root, extra=()):
        self.root = root
        self.home = os.path.join(root, "home")
        self.state = os.path.join(root, "state")
        os.makedirs(self.home, exist_ok=True)
        self.env = dict(os.environ, HOME=self.home, AWS_CONFIG_FILE=os.path.join(self.home, ".aws/config"),
                        AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.home, ".aws/credentials"))
        for k in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                  "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION"):
            self.env.pop(k, None)
        self.extra = list(extra)
        self.addresses = address_range()
        self.proc = None
        self.endpoint = None

    def start(self, port=0):
        self.log = open(os.path.join(self.root, "serve.log"), "ab")
        self.proc = subprocess.Popen(
            [SPOTRUN, "cloud", "serve", "--listen", f"127.0.0.1:{port}", "--state", self.state,
             "--boot-delay", "0.5", "--addresses", self.addresses] + self.extra,
            stdout=subprocess.PIPE, stderr=self.log, env=self.env)
        line = self.proc.stdout.readline().decode()
        m = re.search(r"EC2 at (http://127\.0\.0\.1:(\d+))", line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"cloud serve did not start: {line!r}; see {self.root}/serve.log")
        self.endpoint, self.port = m.group(1), int(m.group(2))
        # The rest of stdout is not read again; keep the pipe from filling.
        self.proc.stdout.close()
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()

    def client(self):
        session = boto3.session.Session(profile_name="local")
        return session.client("ec2", config=botocore.config.Config(retries={"mode": "standard"}))

    def aws(self, *args):
        return subprocess.run(["aws", "--profile", "local", "--output", "json"] + list(args),
                              env=self.env, capture_output=True, text=True, timeout=120)

    def spotrun(self, *args):
        return subprocess.run([SPOTRUN, "--profile", "local"] + list(args), env=self.env,
                              capture_output=True, text=True, timeout=120)


class LocalCloudE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="spotrun-e2e-")
        cls.cloud = LocalCloud(cls.tmp).start()
        # boto3 reads the profile the server wrote, from this HOME.
        os.environ.update({k: cls.cloud.env[k] for k in ("HOME", "AWS_CONFIG_FILE",
                                                         "AWS_SHARED_CREDENTIALS_FILE")})
        for k in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
            os.environ.pop(k, None)
        cls.ec2 = cls.cloud.client()
        key = os.path.join(cls.tmp, "id_ed25519")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
        cls.key = key
        with open(key + ".pub", "rb") as public_key:
            cls.ec2.import_key_pair(KeyName="e2e", PublicKeyMaterial=public_key.read())
        images = cls.ec2.describe_images(
            Owners=["099720109477"],
            Filters=[{"Name": "name", "Values": ["ubuntu/images/*ubuntu-noble-24.04-amd64-server-*"]}])
        cls.image = sorted(images["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]

    @classmethod
    def tearDownClass(cls):
        try:
            ids = [i["InstanceId"] for r in cls.ec2.describe_instances()["Reservations"]
                   for i in r["Instances"] if i["State"]["Name"] != "terminated"]
            if ids:
                cls.ec2.terminate_instances(InstanceIds=ids)
        finally:
            cls.cloud.stop()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    # -- helpers --------------------------------------------------------------------------
    def launch(self, count=1, spot=False, tags=None, **extra):
        kwargs = dict(ImageId=self.image, InstanceType="m5.large", MinCount=count, MaxCount=count,
                      KeyName="e2e", MetadataOptions={"HttpTokens": "required"}, **extra)
        if spot:
            kwargs["InstanceMarketOptions"] = {"MarketType": "spot"}
        if tags:
            kwargs["TagSpecifications"] = [{"ResourceType": "instance",
                                            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}]
        return [i["InstanceId"] for i in self.ec2.run_instances(**kwargs)["Instances"]]

    def instance(self, instance_id):
        return self.ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]

    def wait_state(self, instance_id, state):
        return poll(f"{instance_id} {state}",
                    lambda: (lambda i: i if i["State"]["Name"] == state else None)(self.instance(instance_id)))

    def ssh(self, address, command, key=None, timeout=30):
        return subprocess.run(
            ["ssh", "-i", key or self.key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
             f"{os.environ.get('USER') or 'root'}@{address}", command],
            capture_output=True, text=True, timeout=timeout)

    def imds(self, address, path, token=None, method="GET", headers=None):
        req = urllib.request.Request(f"http://{address}:1338/latest/{path}", method=method,
                                     headers=dict(headers or {}))
        if token:
            req.add_header("X-aws-ec2-metadata-token", token)
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""

    # -- tests ----------------------------------------------------------------------------
    def test_aws_cli_uses_the_written_profile(self):
        r = self.cloud.aws("ec2", "describe-availability-zones")
        self.assertEqual(r.returncode, 0, r.stderr)
        zones = json.loads(r.stdout)["AvailabilityZones"]
        self.assertTrue(all(z["ZoneId"] for z in zones))
        r = self.cloud.aws("ec2", "describe-regions", "--region-names", "us-east-2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["Regions"][0]["RegionName"], "us-east-2")

    def test_wrong_keys_are_refused_as_aws_does(self):
        bad = boto3.client("ec2", endpoint_url=self.cloud.endpoint, region_name="us-east-1",
                           aws_access_key_id="AKIALOCALWRONG", aws_secret_access_key="nope")
        with self.assertRaises(Exception) as caught:
            bad.describe_instances()
        self.assertIn("AuthFailure", str(caught.exception))

    def test_run_describe_filter_and_paginate(self):
        ids = self.launch(count=6, tags={"suite": "paginate"})
        ids += self.launch(spot=True, tags={"suite": "paginate"})
        self.assertEqual(len(ids), 7)
        seen, pages = [], 0
        for page in self.ec2.get_paginator("describe_instances").paginate(
                Filters=[{"Name": "tag:suite", "Values": ["paginate"]}],
                PaginationConfig={"PageSize": 5}):
            pages += 1
            seen += [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]]
        self.assertEqual(sorted(seen), sorted(ids))
        self.assertEqual(pages, 2)
        spot = self.ec2.describe_instances(Filters=[
            {"Name": "tag:suite", "Values": ["paginate"]},
            {"Name": "instance-lifecycle", "Values": ["spot"]}])
        spot_ids = [i["InstanceId"] for r in spot["Reservations"] for i in r["Instances"]]
        self.assertEqual(spot_ids, [ids[-1]])
        running = self.wait_state(ids[0], "running")
        self.assertRegex(running["PrivateIpAddress"], r"^127\.")
        self.ec2.terminate_instances(InstanceIds=ids)

    def test_spot_requests_one_time_and_persistent(self):
        spec = {"ImageId": self.image, "InstanceType": "m5.large", "KeyName": "e2e"}
        one = self.ec2.request_spot_instances(LaunchSpecification=spec, Type="one-time",
                                              InstanceCount=1)["SpotInstanceRequests"][0]
        persistent = self.ec2.request_spot_instances(
            LaunchSpecification=spec, Type="persistent",
            InstanceInterruptionBehavior="stop")["SpotInstanceRequests"][0]
        ids = [one["SpotInstanceRequestId"], persistent["SpotInstanceRequestId"]]

        def fulfilled():
            rs = self.ec2.describe_spot_instance_requests(SpotInstanceRequestIds=ids)
            rs = rs["SpotInstanceRequests"]
            return rs if all(r["Status"]["Code"] == "fulfilled" for r in rs) else None
        requests = poll("spot requests fulfilled", fulfilled)
        self.assertTrue(all(r["State"] == "active" and r["InstanceId"] for r in requests))
        cancelled = self.ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=ids)
        self.assertEqual(len(cancelled["CancelledSpotInstanceRequests"]), 2)
        after = self.ec2.describe_spot_instance_requests(SpotInstanceRequestIds=ids)
        self.assertTrue(all(r["State"] == "cancelled" for r in after["SpotInstanceRequests"]))
        # Cancelling leaves the instances running, as on AWS.
        for r in requests:
            self.assertNotEqual(self.instance(r["InstanceId"])["State"]["Name"], "terminated")
        self.ec2.terminate_instances(InstanceIds=[r["InstanceId"] for r in requests])

    def test_spot_price_history(self):
        history = self.ec2.describe_spot_price_history(
            InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"], MaxResults=20)
        prices = history["SpotPriceHistory"]
        self.assertTrue(prices)
        self.assertTrue(all(float(p["SpotPrice"]) > 0 for p in prices))
        self.assertTrue(all(p["AvailabilityZone"].startswith("us-east-1") for p in prices))

    def test_tags_stop_start_terminate_and_image(self):
        (instance_id,) = self.launch()
        self.wait_state(instance_id, "running")
        self.ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "Name", "Value": "box"}])
        tags = self.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [instance_id]}])
        self.assertEqual([(t["Key"], t["Value"]) for t in tags["Tags"]], [("Name", "box")])
        self.ec2.stop_instances(InstanceIds=[instance_id])
        self.wait_state(instance_id, "stopped")
        self.ec2.modify_instance_attribute(InstanceId=instance_id, InstanceType={"Value": "m5.xlarge"})
        self.ec2.start_instances(InstanceIds=[instance_id])
        self.assertEqual(self.wait_state(instance_id, "running")["InstanceType"], "m5.xlarge")
        image_id = self.ec2.create_image(InstanceId=instance_id, Name="e2e-frozen")["ImageId"]
        poll("image available", lambda: self.ec2.describe_images(ImageIds=[image_id])["Images"][0]["State"] == "available")
        mine = self.ec2.describe_images(Owners=["self"])["Images"]
        self.assertIn(image_id, [i["ImageId"] for i in mine])
        self.ec2.terminate_instances(InstanceIds=[instance_id])
        self.wait_state(instance_id, "terminated")
        self.ec2.deregister_image(ImageId=image_id)

    def test_volumes_snapshots_and_security_groups(self):
        vol = self.ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3")
        poll("volume available", lambda: self.ec2.describe_volumes(VolumeIds=[vol["VolumeId"]])["Volumes"][0]["State"] == "available")
        snap = self.ec2.create_snapshot(VolumeId=vol["VolumeId"], Description="e2e")
        poll("snapshot completed", lambda: self.ec2.describe_snapshots(SnapshotIds=[snap["SnapshotId"]])["Snapshots"][0]["State"] == "completed")
        self.assertIn(snap["SnapshotId"], [s["SnapshotId"] for s in self.ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]])
        self.ec2.delete_snapshot(SnapshotId=snap["SnapshotId"])
        self.ec2.delete_volume(VolumeId=vol["VolumeId"])
        vpc = self.ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
        group = self.ec2.create_security_group(GroupName="e2e-ssh", Description="ssh from here",
                                               VpcId=vpc["VpcId"])
        self.ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "127.0.0.1/32"}]}])
        described = self.ec2.describe_security_groups(GroupIds=[group["GroupId"]])["SecurityGroups"][0]
        self.assertEqual(described["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "127.0.0.1/32")
        keys = self.ec2.describe_key_pairs(KeyNames=["e2e"])["KeyPairs"]
        self.assertEqual(keys[0]["KeyName"], "e2e")

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("ssh"), "needs root (port 22) and ssh")
    def test_ssh_imds_and_terminate_kills_everything(self):
        (instance_id,) = self.launch()
        address = self.wait_state(instance_id, "running")["PrivateIpAddress"]
        r = poll("ssh", lambda: (lambda r: r if r.returncode == 0 else None)(
            self.ssh(address, "echo hello $AWS_EC2_METADATA_SERVICE_ENDPOINT")))
        self.assertIn("hello http://", r.stdout)
        other = os.path.join(self.tmp, "other_key")
        if not os.path.exists(other):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other], check=True)
        self.assertNotEqual(self.ssh(address, "true", key=other).returncode, 0)
        # IMDSv2 only: no token, no answer.
        self.assertEqual(self.imds(address, "meta-data/instance-id")[0], 401)
        status, token = self.imds(address, "api/token", method="PUT",
                                  headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        self.assertEqual(status, 200)
        self.assertEqual(self.imds(address, "meta-data/instance-id", token), (200, instance_id))
        marker = f"spotrun-e2e-{instance_id}"
        self.ssh(address, f"nohup sh -c 'sleep 1000; : {marker}' >/dev/null 2>&1 &")
        poll("daemon started", lambda: subprocess.run(["pgrep", "-f", marker]).returncode == 0)
        self.ec2.terminate_instances(InstanceIds=[instance_id])
        self.wait_state(instance_id, "terminated")
        poll("daemon gone", lambda: subprocess.run(["pgrep", "-f", marker]).returncode != 0)

    def test_interruption_is_visible_at_imds_before_the_instance_goes(self):
        (instance_id,) = self.launch(spot=True)
        address = self.wait_state(instance_id, "running")["PrivateIpAddress"]
        status, token = self.imds(address, "api/token", method="PUT",
                                  headers={"X-aws-ec2-metadata-token-ttl-seconds": "600"})
        self.assertEqual(status, 200)
        self.assertEqual(self.imds(address, "meta-data/spot/instance-action", token)[0], 404)
        r = self.cloud.spotrun("cloud", "interrupt", instance_id, "--notice", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        status, body = self.imds(address, "meta-data/spot/instance-action", token)
        self.assertEqual(status, 200)
        action = json.loads(body)
        self.assertEqual(action["action"], "terminate")
        self.assertRegex(action["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertNotEqual(self.instance(instance_id)["State"]["Name"], "terminated")
        gone = self.wait_state(instance_id, "terminated")
        self.assertEqual(gone["StateReason"]["Code"], "Server.SpotInstanceTermination")

    def test_capacity_zero_refuses_launches_in_that_pool(self):
        r = self.cloud.spotrun("cloud", "capacity", "c5.large@us-east-1b", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        with self.assertRaises(Exception) as caught:
            self.ec2.run_instances(ImageId=self.image, InstanceType="c5.large", MinCount=1,
                                   MaxCount=1, Placement={"AvailabilityZone": "us-east-1b"})
        self.assertIn("InsufficientInstanceCapacity", str(caught.exception))
        r = self.cloud.spotrun("cloud", "capacity", "c5.large@us-east-1b", "unlimited")
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = [i["InstanceId"] for i in self.ec2.run_instances(
            ImageId=self.image, InstanceType="c5.large", MinCount=1, MaxCount=1,
            Placement={"AvailabilityZone": "us-east-1b"})["Instances"]]
        self.ec2.terminate_instances(InstanceIds=ids)
        bad = self.cloud.spotrun("cloud", "capacity", "c5.large", "3")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("TYPE@ZONE", bad.stderr)

    def test_faults_are_survived_by_a_retrying_client(self):
        r = self.cloud.spotrun("cloud", "fault", "throttle", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(self.ec2.describe_regions()["Regions"])  # third attempt succeeds
        # The launch takes effect, then its answer is lost: boto3 retries with the same
        # ClientToken and EC2 (here: the model) launches exactly once.
        r = self.cloud.spotrun("cloud", "fault", "drop", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        launched = self.ec2.run_instances(ImageId=self.image, InstanceType="m5.large",
                                          MinCount=1, MaxCount=1, ClientToken="e2e-drop-once")
        same = self.ec2.describe_instances(
            Filters=[{"Name": "client-token", "Values": ["e2e-drop-once"]}])
        ids = [i["InstanceId"] for r in same["Reservations"] for i in r["Instances"]]
        self.assertEqual(ids, [launched["Instances"][0]["InstanceId"]])
        self.ec2.terminate_instances(InstanceIds=ids)

    # -- S3 on the same port --------------------------------------------------------------
    def s3(self):
        session = boto3.session.Session(profile_name="local")
        return session.client("s3", config=botocore.config.Config(retries={"mode": "standard"}))

    def test_s3_cli_cp_ls_rm_small_and_multipart(self):
        r = self.cloud.aws("s3", "mb", "s3://e2e-cli")
        self.assertEqual(r.returncode, 0, r.stderr)
        src = os.path.join(self.tmp, "s3-src")
        os.makedirs(os.path.join(src, "sub"), exist_ok=True)
        files = {"small.txt": b"hello s3\n", "sub/big.bin": os.urandom(9 * 1024 * 1024 + 123)}
        for name, data in files.items():
            with open(os.path.join(src, name), "wb") as f:
                f.write(data)
        for name in files:
            r = self.cloud.aws("s3", "cp", os.path.join(src, name), "s3://e2e-cli/d/" + name)
            self.assertEqual(r.returncode, 0, r.stderr)
        r = self.cloud.aws("s3", "ls", "s3://e2e-cli/d/")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("small.txt", r.stdout)
        self.assertIn("PRE sub/", r.stdout)
        r = self.cloud.aws("s3", "ls")
        self.assertIn("e2e-cli", r.stdout)
        r = self.cloud.aws("s3", "ls", "--recursive", "s3://e2e-cli")
        self.assertIn("d/sub/big.bin", r.stdout)
        head = self.s3().head_object(Bucket="e2e-cli", Key="d/sub/big.bin")
        self.assertEqual(head["ContentLength"], len(files["sub/big.bin"]))
        self.assertTrue(head["ETag"].endswith('-2"'), head["ETag"])  # the CLI's 8 MiB parts
        dst = os.path.join(self.tmp, "s3-dst")
        for name, data in files.items():
            out = os.path.join(dst, name)
            r = self.cloud.aws("s3", "cp", "s3://e2e-cli/d/" + name, out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(), data, name)
        r = self.cloud.aws("s3", "rm", "--recursive", "s3://e2e-cli/d/")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.s3().list_objects_v2(Bucket="e2e-cli")["KeyCount"], 0)
        r = self.cloud.aws("s3", "rb", "s3://e2e-cli")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_s3_boto3_pages_errors_and_keys(self):
        s3 = self.s3()
        s3.create_bucket(Bucket="e2e-boto")
        keys = ["k/%02d" % i for i in range(25)] + ["odd key+%/\u00e9t\u00e9"]
        for key in keys:
            s3.put_object(Bucket="e2e-boto", Key=key, Body=key.encode())
        seen = []
        for page in s3.get_paginator("list_objects_v2").paginate(
                Bucket="e2e-boto", PaginationConfig={"PageSize": 10}):
            seen += [o["Key"] for o in page.get("Contents", [])]
        self.assertEqual(seen, sorted(keys, key=lambda k: k.encode()))
        self.assertEqual(s3.get_object(Bucket="e2e-boto", Key=keys[-1])["Body"].read(),
                         keys[-1].encode())
        part = s3.get_object(Bucket="e2e-boto", Key="k/07", Range="bytes=2-3")
        self.assertEqual(part["Body"].read(), b"07")
        self.assertEqual(part["ContentRange"], "bytes 2-3/4")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.get_object(Bucket="e2e-boto", Key="missing")
        self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchKey")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.head_object(Bucket="e2e-boto", Key="missing")
        self.assertEqual(caught.exception.response["Error"]["Code"], "404")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.list_objects_v2(Bucket="no-such-bucket-e2e")
        self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchBucket")
        bad = boto3.client("s3", endpoint_url=self.cloud.endpoint, region_name="us-east-1",
                           aws_access_key_id="AKIALOCALWRONG", aws_secret_access_key="nope")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            bad.list_objects_v2(Bucket="e2e-boto")
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidAccessKeyId")
        creds = boto3.session.Session(profile_name="local").get_credentials()
        wrong = boto3.client("s3", endpoint_url=self.cloud.endpoint, region_name="us-east-1",
                             aws_access_key_id=creds.access_key, aws_secret_access_key="nope")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            wrong.put_object(Bucket="e2e-boto", Key="x", Body=b"x")
        self.assertEqual(caught.exception.response["Error"]["Code"], "SignatureDoesNotMatch")

    def test_zzz_state_survives_a_restart(self):
        (instance_id,) = self.launch(tags={"suite": "restart"})
        self.wait_state(instance_id, "running")
        vol = self.ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
        port = self.cloud.port
        self.cloud.stop()
        self.cloud.start(port=port)
        ec2 = self.cloud.client()
        again = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
        self.assertIn(again["State"]["Name"], ("pending", "running"))
        self.assertEqual(again["Tags"], [{"Key": "suite", "Value": "restart"}])
        self.assertEqual(ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]["Size"], 1)
        self.assertTrue(ec2.describe_key_pairs(KeyNames=["e2e"])["KeyPairs"])
        ec2.terminate_instances(InstanceIds=[instance_id])


if __name__ == "__main__":
    SPOTRUN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
