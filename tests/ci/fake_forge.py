#!/usr/bin/env python3
"""A tiny stand-in for the GitHub and GitLab REST APIs the CI scripts call, on 127.0.0.1 only:
pull request comments (GitHub issues API) and merge request notes (GitLab), workflow runs,
merge requests of a commit, pipelines, jobs and one artifact. Every request is appended to a
JSON-lines log so the test can check what the scripts sent. No real forge exists here.

fake_forge.py PORT_FILE LOG_FILE TOKEN ARTIFACT_DIR [SEED_COMMENTS]
"""
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

port_file, log_file, token, artifact_dir = sys.argv[1:5]
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
lock = threading.Lock()
next_id = [1000]
# Comments (GitHub) and notes (GitLab) by request number; some from others first, so the
# scripts must page through them to find their own.
threads = {}


def thread(key):
    if key not in threads:
        threads[key] = []
        for i in range(seed):
            next_id[0] += 1
            threads[key].append({"id": next_id[0], "body": f"review comment {i}"})
    return threads[key]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        if url.path == "/test/threads":  # for the test itself: not logged, no token
            with lock:
                return self.reply(200, threads)
        auth_ok = self.headers.get("Authorization") == f"Bearer {token}" or \
            self.headers.get("PRIVATE-TOKEN") == token
        with lock:
            with open(log_file, "a") as log:
                log.write(json.dumps({"method": self.command, "path": url.path, "query": query,
                                      "auth": auth_ok, "body": body}) + "\n")
            if not auth_ok:
                return self.reply(401, {"message": "Bad credentials"})
            return self.route(self.command, url.path, query, body)

    def route(self, method, path, query, body):
        # GitHub: /repos/O/R/issues/N/comments, /repos/O/R/issues/comments/ID
        # GitLab: /api/v4/projects/P/merge_requests/N/notes[/ID]
        m = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/(\d+)/comments", path) or \
            re.fullmatch(r"/api/v4/projects/\d+/merge_requests/(\d+)/notes", path)
        if m:
            items = thread(m.group(1))
            if method == "GET":
                per_page, page = int(query.get("per_page", 30)), int(query.get("page", 1))
                return self.reply(200, items[(page - 1) * per_page:page * per_page])
            if method == "POST" and body and "body" in body:
                next_id[0] += 1
                items.append({"id": next_id[0], "body": body["body"]})
                return self.reply(201, items[-1])
        m = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", path) or \
            re.fullmatch(r"/api/v4/projects/\d+/merge_requests/\d+/notes/(\d+)", path)
        if m and method in ("PATCH", "PUT") and body and "body" in body:
            for items in threads.values():
                for c in items:
                    if c["id"] == int(m.group(1)):
                        c["body"] = body["body"]
                        return self.reply(200, c)
            return self.reply(404, {"message": "Not Found"})
        if re.fullmatch(r"/repos/[^/]+/[^/]+/actions/workflows/[^/]+/runs", path) and method == "GET":
            sha = query.get("head_sha", "")
            runs = [{"id": 77, "head_sha": sha, "conclusion": "success"}] if sha == "feedface" else []
            return self.reply(200, {"total_count": len(runs), "workflow_runs": runs})
        if re.fullmatch(r"/api/v4/projects/\d+/repository/commits/[0-9a-f]+/merge_requests", path):
            return self.reply(200, [{"iid": 7, "state": "merged"}])
        if re.fullmatch(r"/api/v4/projects/\d+/merge_requests/7/pipelines", path):
            return self.reply(200, [{"id": 31}, {"id": 30}])
        if re.fullmatch(r"/api/v4/projects/\d+/pipelines/31/jobs", path):
            return self.reply(200, [{"id": 5, "name": "fedplan-plan", "status": "success"}])
        m = re.fullmatch(r"/api/v4/projects/\d+/jobs/5/artifacts/([\w.-]+)", path)
        if m:
            try:
                with open(f"{artifact_dir}/{m.group(1)}", "rb") as f:
                    return self.reply(200, f.read())
            except OSError:
                return self.reply(404, {"message": "404 Not Found"})
        return self.reply(404, {"message": "Not Found", "path": path})

    do_GET = do_POST = do_PATCH = do_PUT = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
