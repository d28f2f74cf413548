#!/usr/bin/python3
"""Catalog, service users and the test projects of the Karbor test cloud (run once, as admin).

Projects demo and alt_demo each get a member user of the same name; the karbor user (project
service, roles admin + service) stands for our API's service identity: token validation and
trusts.
"""
import os

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

URL = os.environ["KS_URL"]
PW = os.environ["KS_PW"]
HOST = "http://127.0.0.1"

ks = client.Client(session=session.Session(auth=v3.Password(
    auth_url=URL, username="admin", password=PW, project_name="admin",
    user_domain_id="default", project_domain_id="default")))


def one(items, name):
    found = [i for i in items if i.name == name]
    return found[0] if found else None


def project(name, description):
    return one(ks.projects.list(domain="default"), name) or ks.projects.create(
        name, "default", description=description)


def user(name, proj):
    return one(ks.users.list(domain="default"), name) or ks.users.create(
        name, domain="default", password=PW, default_project=proj)


def role(name):
    return one(ks.roles.list(), name) or ks.roles.create(name)


admin, member, reader, service_role = role("admin"), role("member"), role("reader"), role("service")
service = project("service", "OpenStack service users")
for name in ["glance", "cinder", "nova", "placement", "neutron", "karbor"]:
    u = user(name, service)
    ks.roles.grant(admin, user=u, project=service)
    ks.roles.grant(service_role, user=u, project=service)

for name in ["demo", "alt_demo"]:
    p = project(name, "Karbor test project " + name)
    u = user(name, p)
    ks.roles.grant(member, user=u, project=p)
    ks.roles.grant(reader, user=u, project=p)

endpoints = [
    ("glance", "image", HOST + ":9292"),
    ("cinderv3", "volumev3", HOST + ":8776/v3/%(project_id)s"),
    ("cinder", "block-storage", HOST + ":8776/v3/%(project_id)s"),
    ("nova", "compute", HOST + ":8774/v2.1"),
    ("placement", "placement", HOST + ":8778"),
    ("neutron", "network", HOST + ":9696"),
]
known = {s.type for s in ks.services.list()}
for name, kind, url in endpoints:
    if kind in known:
        continue
    s = ks.services.create(name, type=kind)
    for interface in ("public", "internal", "admin"):
        ks.endpoints.create(s, url, interface=interface, region="RegionOne")
print("keystone setup done")
