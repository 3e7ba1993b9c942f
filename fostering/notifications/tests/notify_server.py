"""A local HTTP server that speaks enough of GOV.UK Notify's API for the Notify backend's tests.

It answers ``POST /v2/notifications/email`` as Notify does: it checks the bearer token is a JWT
signed with the API key's secret and issued by its service id (with the same library code
Notify's clients use to make it), checks the body names an e-mail address, a template and its
personalisation, and answers 201 with Notify's response shape, or Notify's error shape for a
bad token or body (400/403) and, on request, a 500. What it accepted is kept in ``received``.
This is a stand-in for a service we cannot reach from here, not for any code of ours.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"nfr_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@dataclass
class FakeNotify:
    received: list[dict] = field(default_factory=list)
    fail_next: int = 0  # answer this many requests with a 500 first

    def start(self) -> FakeNotify:
        notify = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, kind: str, message: str) -> None:
                self._answer(status, {"status_code": status, "errors": [{"error": kind, "message": message}]})

            def do_POST(self):  # noqa: N802 - http.server's hook
                if self.path != "/v2/notifications/email":
                    return self._error(404, "NotFound", "Not found")
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
                try:
                    if get_token_issuer(token) != SERVICE_ID:
                        return self._error(403, "AuthError", "Invalid token: service not found")
                    decode_jwt_token(token, SECRET)
                except TokenError:
                    return self._error(403, "AuthError", "Invalid token: signature, api token is not valid")
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if notify.fail_next:
                    notify.fail_next -= 1
                    return self._error(500, "Exception", "Internal server error")
                if body.get("template_id") != TEMPLATE_ID:
                    return self._error(400, "BadRequestError", "Template not found")
                if "@" not in (body.get("email_address") or ""):
                    return self._error(400, "ValidationError", "email_address Not a valid email address")
                personalisation = body.get("personalisation") or {}
                missing = [k for k in ("subject", "body") if k not in personalisation]
                if missing:
                    return self._error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
                notify.received.append(body)
                nid = str(uuid.uuid4())
                base = f"http://127.0.0.1:{notify.port}"
                return self._answer(
                    201,
                    {
                        "id": nid, "reference": body.get("reference"),
                        "content": {"subject": personalisation["subject"], "body": personalisation["body"],
                                    "from_email": "national.fostering.register@notifications.service.gov.uk"},
                        "uri": f"{base}/v2/notifications/{nid}",
                        "template": {"id": TEMPLATE_ID, "version": 1, "uri": f"{base}/v2/template/{TEMPLATE_ID}"},
                    },
                )  # fmt: skip

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"
