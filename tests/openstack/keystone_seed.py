# Fills the harness's Keystone through its real v3 API: roles, projects, users, an
# application credential, and the load-balancer catalog entry pointing at the local Octavia.
#
# Usage: keystone_seed.py identity KEYSTONE_URL < admin-password, octavia-service-password
#        keystone_seed.py catalog KEYSTONE_URL OCTAVIA_URL < admin-password
# (run with /usr/bin/python3 -I; secrets come on stdin, one a line, never on the command
# line). `identity` expects a Keystone fresh from bootstrap and prints shell assignments
# (KEY='value') for DIR/env on stdout.
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

    def grant(self, project_id, user_id, role_id):
        self.call("PUT", "/projects/%s/users/%s/roles/%s" % (project_id, user_id, role_id))


def identity(url, admin_password, octavia_password):
    ks = Keystone(url)
    ks.token, _ = ks.password_token("admin", admin_password, "admin")
    # bootstrap made no endpoints (the port was not known yet): the identity service now.
    doc, _ = ks.call("POST", "/services", {"service": {
        "name": "keystone", "type": "identity"}}, want=(201,))
    for interface in ("public", "internal", "admin"):
        ks.call("POST", "/endpoints", {"endpoint": {
            "service_id": doc["service"]["id"], "interface": interface, "region_id": REGION,
            "url": url.rstrip("/") + "/v3"}}, want=(201,))
    doc, _ = ks.call("GET", "/roles")
    roles = {r["name"]: r["id"] for r in doc["roles"]}
    for name in LB_ROLES:
        if name not in roles:
            doc, _ = ks.call("POST", "/roles", {"role": {"name": name}}, want=(201,))
            roles[name] = doc["role"]["id"]
    projects = {}
    for name, desc in [("service", "Service users"), ("fedplan", "fedplan tests"),
                       ("fedplan-other", "another tenant, for isolation tests")]:
        doc, _ = ks.call("POST", "/projects", {"project": {
            "name": name, "domain_id": DOMAIN, "description": desc}}, want=(201,))
        projects[name] = doc["project"]
    users = {
        # name: (project, roles)
        "octavia": ("service", ["admin", "service"]),
        "fedplan": ("fedplan", ["member", "load-balancer_member"]),
        "fedplan-observer": ("fedplan", ["reader", "load-balancer_observer"]),
        "fedplan-other": ("fedplan-other", ["member", "load-balancer_member"]),
    }
    passwords, user_ids = {"octavia": octavia_password}, {}
    for name, (project, granted) in users.items():
        passwords.setdefault(name, secrets.token_hex(12))
        doc, _ = ks.call("POST", "/users", {"user": {
            "name": name, "domain_id": DOMAIN, "password": passwords[name],
            "default_project_id": projects[project]["id"]}}, want=(201,))
        user_ids[name] = doc["user"]["id"]
        for role in granted:
            ks.grant(projects[project]["id"], user_ids[name], roles[role])

    # The bootstrap admin is also Octavia's admin (failover, quotas, other projects' LBs).
    _, admin_token = ks.password_token("admin", admin_password, "admin")
    ks.grant(admin_token["project"]["id"], admin_token["user"]["id"],
             roles["load-balancer_admin"])

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
        "SERVICE_PROJECT_ID": projects["service"]["id"],
    }
    for key, value in out.items():
        print("%s=%s" % (key, shlex.quote(value)))


def catalog(url, octavia_url, admin_password):
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
    secrets_in = [line.strip() for line in sys.stdin]
    if len(argv) == 3 and argv[1] == "identity" and len(secrets_in) == 2:
        identity(argv[2], secrets_in[0], secrets_in[1])
    elif len(argv) == 4 and argv[1] == "catalog" and len(secrets_in) == 1:
        catalog(argv[2], argv[3], secrets_in[0])
    else:
        raise SystemExit("usage: keystone_seed.py identity KEYSTONE_URL "
                         "< admin-password, octavia-password | "
                         "catalog KEYSTONE_URL OCTAVIA_URL < admin-password")


if __name__ == "__main__":
    main(sys.argv)
