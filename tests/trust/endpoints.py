"""Every endpoint of the service, found the way a new one would be: the URL resolver for web
pages, the OpenAPI schema for API operations. Also how to call one as a persona and how to
read the answer (allowed, denied, or broken)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fostering.core import access

SIGN_IN_PATHS = ("/accounts/sign-in/", "/admin/login/")
ADMIN_MODEL_PAGE = re.compile(r"^admin:\w+_\w+_(changelist|add)$")


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "page" or "api"
    key: str  # URL name, or "METHOD /api/path"
    method: str
    params: tuple[str, ...]  # path parameters
    query: tuple[str, ...] = ()  # required query parameters (API)

    def __str__(self) -> str:
        return self.key


def _walk(resolver, namespace=None):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p, ns)
        elif isinstance(p, URLPattern):
            yield p, namespace, (f"{namespace}:{p.name}" if namespace and p.name else p.name)


def page_endpoints() -> tuple[list[Endpoint], list[str]]:
    """Web pages by URL name, and problems (unnamed patterns). API operations come from the schema.

    The Django admin is represented by its index and each model's list and add pages."""
    found: dict[str, Endpoint] = {}
    problems: list[str] = []
    for pattern, namespace, name in _walk(get_resolver()):
        if namespace == "admin":
            if name == "admin:index" or (name and ADMIN_MODEL_PAGE.match(name)):
                found[name] = Endpoint("page", name, "GET", ())
            continue  # the admin's object pages: Django's own checks, covered by the rule for the namespace
        if getattr(pattern.callback, "__module__", "") == "ninja.operation":
            continue  # an API operation: checked through the OpenAPI schema
        if not name:
            problems.append(f"URL pattern {pattern.pattern!s} has no name= : give it one so access can be declared")
            continue
        found[name] = Endpoint("page", name, "GET", tuple(pattern.pattern.converters))
    return sorted(found.values(), key=lambda e: e.key), problems


def api_endpoints(schema: dict) -> list[Endpoint]:
    found = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "path")
            query = tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "query" and p.get("required"))
            found.append(Endpoint("api", f"{method.upper()} {path}", method.upper(), params, query))
    return sorted(found, key=lambda e: e.key)


def rule_of(endpoint: Endpoint) -> access.Rule | None:
    if endpoint.kind == "page":
        return access.page_rule(endpoint.key)
    return access.api_rule(endpoint.method, endpoint.key.split(" ", 1)[1])


def missing_rule_message(endpoint: Endpoint) -> str:
    if endpoint.kind == "page":
        return (
            f"No access rule for page {endpoint.key!r}. Add to PAGES in fostering/core/access.py, e.g.\n"
            f'    "{endpoint.key}": rule(PLACEMENT_OFFICER, ...),'
        )
    return (
        f"No access rule for API operation {endpoint.key!r}. Add to API in fostering/core/access.py, e.g.\n"
        f'    "{endpoint.key}": rule(PLACEMENT_OFFICER, ...),'
    )


def sample_kind(endpoint: Endpoint, param: str) -> str:
    rule = rule_of(endpoint)
    kind = (rule.samples.get(param) if rule else None) or access.PARAMETER_SAMPLES.get(param)
    if kind is None:
        raise LookupError(
            f"{endpoint.key}: no sample for URL parameter {param!r}. Declare one in fostering/core/access.py, "
            f'e.g. rule(..., {param}="household") for an id of a household (kinds: see tests/trust/world.py _sample_*).'
        )
    return kind


def fill(endpoint: Endpoint, world, persona: str, override: dict[str, object] | None = None) -> str:
    """The URL for this endpoint with the persona's own sample objects (or ``override`` by kind).

    Rule samples named ``?name`` are sent as query parameters (e.g. ``/referrals/new/?child=ID``)."""
    from urllib.parse import urlencode

    rule = rule_of(endpoint)
    page_query = tuple(k[1:] for k in (rule.samples if rule else {}) if k.startswith("?"))
    values = {}
    for param in endpoint.params + endpoint.query + page_query:
        kind = rule.samples["?" + param] if param in page_query else sample_kind(endpoint, param)
        values[param] = override[kind] if override and kind in override else world.sample(kind, persona)
    if endpoint.kind == "page":
        url = reverse(endpoint.key, kwargs={p: values[p] for p in endpoint.params})
        return url + ("?" + urlencode({q: values[q] for q in page_query}) if page_query else "")
    path = endpoint.key.split(" ", 1)[1]
    for p in endpoint.params:
        path = path.replace("{" + p + "}", str(values[p]))
    if endpoint.query:
        path += "?" + urlencode({q: values[q] for q in endpoint.query})
    return path


def call(
    endpoint: Endpoint,
    world,
    persona: str,
    url: str,
    method: str | None = None,
    keep: bool = False,
    body: str = "{}",
):
    """Request ``url`` as ``persona`` inside a savepoint rolled back afterwards (unless ``keep``),
    so one request never changes what the next one sees. API writes send ``body`` as JSON."""
    client = world.client(persona)
    method = (method or endpoint.method).lower()
    headers = world.api_headers(persona) if endpoint.kind == "api" else {}
    from fostering.accounts.models import AuditEvent

    with transaction.atomic():
        last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if method in {"post", "put", "patch"} and endpoint.kind == "api":
            response = getattr(client, method)(url, data=body, content_type="application/json", **headers)
        else:
            response = getattr(client, method)(url, **headers)
        if hasattr(response, "streaming_content"):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        response.body = body
        response.audit_events = list(AuditEvent.objects.filter(pk__gt=last_event).order_by("pk"))
        if not keep:
            transaction.set_rollback(True)
    return response


def minimal_body(schema: dict, endpoint: Endpoint, world, persona: str) -> str:
    """The smallest JSON body the operation's schema accepts: its required fields only, ids
    (``household_ids``, ``offer_id`` ...) filled with the persona's samples, so the view itself
    runs instead of the request being refused for its shape."""
    import datetime as dt
    import json

    op = schema["paths"][endpoint.key.split(" ", 1)[1]][endpoint.method.lower()]
    found = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if not found:
        return "{}"

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
        return resolve(options[0]) if options else node

    def example(node: dict, name: str = ""):
        node = resolve(node)
        kind = access.PARAMETER_SAMPLES.get(name) or access.PARAMETER_SAMPLES.get(name.removesuffix("s"))
        if node.get("type") == "object":
            props = node.get("properties", {})
            return {k: example(props[k], k) for k in node.get("required", [])}
        if node.get("type") == "array":
            return [example(node.get("items", {}), name)] * max(node.get("minItems", 1), 1)
        if node.get("type") == "integer":
            return world.sample(kind, persona) if kind else max(node.get("minimum", 1), 1)
        if node.get("type") == "number":
            return max(node.get("minimum", 1), 1)
        if node.get("type") == "boolean":
            return False
        if node.get("format") == "date":
            return dt.date.today().isoformat()
        return "Trust test"

    return json.dumps(example(found))


def outcome(response) -> str:
    """``allowed``, ``denied``, ``invalid`` (400/422: the request's own data was refused before any
    record was touched, which is consistent with either) or ``error`` (a 5xx: never acceptable)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (400, 422):
        return "invalid"
    if status in (401, 403, 404):
        return "denied"
    if status in (301, 302, 303):
        location = response.get("Location", "")
        if any(location.startswith(p) or p in location for p in SIGN_IN_PATHS):
            return "denied"
    return "allowed"
