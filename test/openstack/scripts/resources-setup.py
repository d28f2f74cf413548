#!/usr/bin/python3
"""Resources the tests rely on, made idempotently as admin once every API answers:
volume types rbd (default) and nfs, flavors m1.tiny/m1.small, one private network + subnet in
demo and in alt_demo, a public 1 MiB raw image; then waits for the fake hypervisor to be
mapped and for both Cinder backends to report up."""
import os
import time

from keystoneauth1 import session
from keystoneauth1.identity import v3

URL = os.environ["KS_URL"]
PW = os.environ["KS_PW"]
sess = session.Session(auth=v3.Password(
    auth_url=URL, username="admin", password=PW, project_name="admin",
    user_domain_id="default", project_domain_id="default"))


def call(service, method, path, **kw):
    resp = sess.request(path, method, endpoint_filter={"service_type": service, "interface": "public"},
                        raise_exc=True, **kw)
    return resp.json() if resp.content else None


def project_id(name):
    return call("identity", "GET", "/projects?name=" + name)["projects"][0]["id"]


def volume_types():
    types = {t["name"]: t for t in call("block-storage", "GET", "/types")["volume_types"]}
    for name, backend in (("rbd", "rbd1"), ("nfs", "nfs1")):
        if name not in types:
            call("block-storage", "POST", "/types", json={"volume_type": {
                "name": name, "os-volume-type-access:is_public": True,
                "extra_specs": {"volume_backend_name": backend}}})


def flavors():
    known = {f["name"] for f in call("compute", "GET", "/flavors")["flavors"]}
    for fid, name, ram in (("1", "m1.tiny", 64), ("2", "m1.small", 128)):
        if name not in known:
            call("compute", "POST", "/flavors", json={"flavor": {
                "id": fid, "name": name, "ram": ram, "vcpus": 1, "disk": 1}})


def networks():
    for i, proj in enumerate(("demo", "alt_demo")):
        pid = project_id(proj)
        name = proj + "-net"
        nets = call("network", "GET", "/v2.0/networks?name=%s&project_id=%s" % (name, pid))["networks"]
        if nets:
            continue
        net = call("network", "POST", "/v2.0/networks",
                   json={"network": {"name": name, "project_id": pid}})["network"]
        call("network", "POST", "/v2.0/subnets", json={"subnet": {
            "name": proj + "-subnet", "network_id": net["id"], "project_id": pid,
            "ip_version": 4, "cidr": "10.%d.0.0/24" % (10 + i)}})


def image():
    name = "karbor-test-image"
    if call("image", "GET", "/v2/images?name=" + name)["images"]:
        return
    img = call("image", "POST", "/v2/images", json={
        "name": name, "disk_format": "raw", "container_format": "bare", "visibility": "public"})
    data = bytes(range(256)) * 4096  # 1 MiB
    sess.put("/v2/images/%s/file" % img["id"], data=data,
             headers={"Content-Type": "application/octet-stream"},
             endpoint_filter={"service_type": "image", "interface": "public"})


def wait(what, check, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except Exception:  # the service may still be starting
            pass
        time.sleep(1)
    raise SystemExit("timed out waiting for " + what)


def hypervisor_up():
    hvs = call("compute", "GET", "/os-hypervisors")["hypervisors"]
    return any(h.get("state") == "up" for h in hvs)


def cinder_backends_up():
    services = call("block-storage", "GET", "/os-services")["services"]
    volumes = [s for s in services if s["binary"] == "cinder-volume" and s["state"] == "up"]
    return len(volumes) >= 2


volume_types()
flavors()
networks()
image()
wait("the fake hypervisor", hypervisor_up)
wait("both cinder-volume backends", cinder_backends_up)
print("resources ready")
