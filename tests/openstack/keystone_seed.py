# Fills the harness's Keystone through its real v3 API: roles, projects, users, an
# application credential, and the load-balancer catalog entry pointing at the local Octavia.
#
# Usage: /usr/bin/python3 -I keystone_seed.py identity KEYSTONE_URL ADMIN_PASSWORD
#        /usr/bin/python3 -I keystone_seed.py catalog KEYSTONE_URL ADMIN_PASSWORD OCTAVIA_URL
# `identity` prints shell assignments (KEY='value') for DIR/env on stdout.
import json
import secrets
import shlex
import sys
import urllib.error
import urllib.request

# Loopback only: never go through a proxy named in the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
REGION = "RegionOne"
DOMAIN = "default"
LB_ROLES = ["load-balancer_member", "load-balancer_observer",
            "load-balancer_global_observer", "load-balancer_admin",
            "load-balancer_quota_admin", "service"]


class Keystone:
    """A few v3 calls over loopback HTTP; every call raises on an unexpected status."""

    def __init__(self, url):
        self.url = url.rstrip("/") + "/v3"
        self.token = None

    def call(self, method, path, body=None, token=None, want=(200, 201, 204)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        if token or self.token:
            req.add_header("X-Auth-Token", token or self.token)
        try:
            with OPENER.open(req, timeout=60) as resp:
                raw = resp.read()
                headers = resp.headers
                status = resp.status
        except urllib.error.HTTPError as e:
            raw, headers, status = e.read(), e.headers, e.code
        if status not in want:
            raise SystemExit("keystone %s %s -> %d %s" % (method, path, status,
                                                           raw[:500].decode(errors="replace")))
        return (json.loads(raw) if raw else {}), headers

    def password_token(self, user, password, project):
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "domain": {"id": DOMAIN}, "password": password}}},
            "scope": {"project": {"name": project, "domain": {"id": DOMAIN}}}}}
        doc, headers = self.call("POST", "/auth/tokens", body, want=(201,))
        return headers["X-Subject-Token"], doc["token"]

    def find(self, collection, name, query=""):
        doc, _ = self.call("GET", "/%s?name=%s%s" % (collection, name, query))
        items = doc[collection]
        return items[0] if items else None

    def ensure(self, collection, key, name, body, query=""):
        found = self.find(collection, name, query)
        if found:
            return found
        doc, _ = self.call("POST", "/" + collection, {key: body}, want=(201,))
        return doc[key]

    def grant(self, project_id, user_id, role_id):
        self.call("PUT", "/projects/%s/users/%s/roles/%s" % (project_id, user_id, role_id))


def identity(url, admin_password):
    ks = Keystone(url)
    ks.token, _ = ks.password_token("admin", admin_password, "admin")
    roles = {}
    for name in ["admin", "member", "reader"] + LB_ROLES:
        roles[name] = ks.ensure("roles", "role", name, {"name": name})["id"]
    projects = {}
    for name, desc in [("service", "Service users"), ("fedplan", "fedplan tests"),
                       ("fedplan-other", "another tenant, for isolation tests")]:
        projects[name] = ks.ensure("projects", "project", name,
                                   {"name": name, "domain_id": DOMAIN, "description": desc})
    users = {
        # name: (project, roles)
        "octavia": ("service", ["admin", "service"]),
        "fedplan": ("fedplan", ["member", "load-balancer_member"]),
        "fedplan-observer": ("fedplan", ["reader", "load-balancer_observer"]),
        "fedplan-other": ("fedplan-other", ["member", "load-balancer_member"]),
    }
    passwords, user_ids = {}, {}
    for name, (project, granted) in users.items():
        passwords[name] = secrets.token_hex(12)
        found = ks.find("users", name)
        body = {"name": name, "domain_id": DOMAIN, "password": passwords[name],
                "default_project_id": projects[project]["id"]}
        if found:
            ks.call("PATCH", "/users/" + found["id"], {"user": {"password": passwords[name]}})
            user_ids[name] = found["id"]
        else:
            doc, _ = ks.call("POST", "/users", {"user": body}, want=(201,))
            user_ids[name] = doc["user"]["id"]
        for role in granted:
            ks.grant(projects[project]["id"], user_ids[name], roles[role])

    # The application credential is made by the user itself, with a token for its project.
    token, _ = ks.password_token("fedplan", passwords["fedplan"], "fedplan")
    secret = secrets.token_hex(16)
    doc, _ = ks.call("POST", "/users/%s/application_credentials" % user_ids["fedplan"],
                     {"application_credential": {
                         "name": "fedplan-harness-%s" % secrets.token_hex(4),
                         "secret": secret,
                         "description": "made by tests/openstack/harness.sh"}},
                     token=token, want=(201,))
    app_cred = doc["application_credential"]

    out = {
        "OS_REGION_NAME": REGION,
        "OS_IDENTITY_API_VERSION": "3",
        "OS_USER_DOMAIN_NAME": "Default",
        "OS_PROJECT_DOMAIN_NAME": "Default",
        "OS_USERNAME": "fedplan",
        "OS_PASSWORD": passwords["fedplan"],
        "OS_PROJECT_NAME": "fedplan",
        "OS_PROJECT_ID": projects["fedplan"]["id"],
        "OS_USER_ID": user_ids["fedplan"],
        "APP_CRED_ID": app_cred["id"],
        "APP_CRED_NAME": app_cred["name"],
        "APP_CRED_SECRET": secret,
        "OBSERVER_USERNAME": "fedplan-observer",
        "OBSERVER_PASSWORD": passwords["fedplan-observer"],
        "OTHER_USERNAME": "fedplan-other",
        "OTHER_PASSWORD": passwords["fedplan-other"],
        "OTHER_PROJECT_NAME": "fedplan-other",
        "OTHER_PROJECT_ID": projects["fedplan-other"]["id"],
        "OCTAVIA_SERVICE_USER": "octavia",
        "OCTAVIA_SERVICE_PASSWORD": passwords["octavia"],
        "SERVICE_PROJECT_ID": projects["service"]["id"],
    }
    for key, value in out.items():
        print("%s=%s" % (key, shlex.quote(value)))


def catalog(url, admin_password, octavia_url):
    ks = Keystone(url)
    ks.token, _ = ks.password_token("admin", admin_password, "admin")
    service = ks.find("services", "octavia")
    if not service:
        doc, _ = ks.call("POST", "/services", {"service": {
            "name": "octavia", "type": "load-balancer",
            "description": "Octavia (tests/openstack harness)"}}, want=(201,))
        service = doc["service"]
    doc, _ = ks.call("GET", "/endpoints?service_id=" + service["id"])
    for endpoint in doc["endpoints"]:
        ks.call("DELETE", "/endpoints/" + endpoint["id"])
    for interface in ("public", "internal", "admin"):
        ks.call("POST", "/endpoints", {"endpoint": {
            "service_id": service["id"], "interface": interface, "region_id": REGION,
            "url": octavia_url}}, want=(201,))


def main(argv):
    if len(argv) == 4 and argv[1] == "identity":
        identity(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "catalog":
        catalog(argv[2], argv[3], argv[4])
    else:
        raise SystemExit("usage: keystone_seed.py identity URL ADMIN_PASSWORD | "
                         "catalog URL ADMIN_PASSWORD OCTAVIA_URL")


if __name__ == "__main__":
    main(sys.argv)
