"""The API reference as one server-rendered page, built from the OpenAPI schema itself: no
JavaScript, no CSS or fonts from elsewhere, so it works offline and under a strict CSP."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "put", "post", "patch", "delete")
REF = "#/components/schemas/"


@cache
def openapi_schema() -> dict:
    """The same document /api/v1/openapi.json serves; built once per process."""
    return SchemaGenerator().get_schema(request=None, public=True)


def type_of(schema: dict) -> dict:
    """{"text": "array of", "ref": "Measure"} — a readable type with an optional link."""
    if "$ref" in schema:
        return {"text": "", "ref": schema["$ref"].removeprefix(REF)}
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    if "oneOf" in schema or "anyOf" in schema:
        parts = [type_of(s) for s in schema.get("oneOf") or schema["anyOf"]]
        named = [p["ref"] or p["text"] for p in parts]
        return {"text": " or ".join(n for n in named if n), "ref": ""}
    if schema.get("type") == "array":
        inner = type_of(schema.get("items", {}))
        return {"text": f"array of {inner['text']}".strip(), "ref": inner["ref"]}
    text = schema.get("type", "any")
    if schema.get("format"):
        text += f" ({schema['format']})"
    return {"text": text, "ref": ""}


def _facts(schema: dict, required: bool = False) -> list[str]:
    facts = []
    if required:
        facts.append("required")
    if schema.get("nullable"):
        facts.append("nullable")
    if schema.get("readOnly"):
        facts.append("read-only")
    for key in ("minimum", "maximum", "maxLength", "maxItems", "pattern"):
        if key in schema:
            facts.append(f"{key} {schema[key]}")
    return facts


def _enum(schema: dict, components: dict) -> list:
    if "enum" in schema:
        return [v for v in schema["enum"] if v is not None]
    for part in schema.get("allOf", []) + schema.get("oneOf", []):
        ref = part.get("$ref", "").removeprefix(REF)
        if ref and "enum" in components.get(ref, {}):
            return [v for v in components[ref]["enum"] if v is not None]
    return []


def _field(name: str, schema: dict, components: dict, required=False) -> dict:
    return {
        "name": name,
        "type": type_of(schema),
        "facts": _facts(schema, required),
        "enum": _enum(schema, components),
        "description": schema.get("description", ""),
    }


def _operation(path: str, method: str, op: dict, components: dict) -> dict:
    params = [
        {**_field(p["name"], p.get("schema", {}), components, p.get("required")), "in": p["in"]}
        for p in op.get("parameters", [])
    ]
    body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
    responses = []
    for code, resp in op.get("responses", {}).items():
        schema = resp.get("content", {}).get("application/json", {}).get("schema", {})
        responses.append(
            {
                "code": code,
                "description": resp.get("description", ""),
                "type": type_of(schema) if schema else None,
            }
        )
    return {
        "id": op.get("operationId", f"{method}-{path}"),
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "tags": op.get("tags", []),
        "params": params,
        "body": type_of(body["schema"]) if body else None,
        "responses": responses,
    }


def _component(name: str, schema: dict, components: dict) -> dict:
    required = set(schema.get("required", []))
    props = schema.get("properties", {})
    return {
        "name": name,
        "description": schema.get("description", ""),
        "enum": schema.get("enum", []),
        "fields": [_field(k, v, components, k in required) for k, v in props.items()],
    }


def reference() -> dict:
    schema = openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = [
        _operation(path, method, item[method], components)
        for path, item in schema.get("paths", {}).items()
        for method in METHODS
        if method in item
    ]
    return {
        "info": schema.get("info", {}),
        "operations": operations,
        "components": [_component(n, s, components) for n, s in sorted(components.items())],
    }


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """A page to read: GET and HEAD only (a POST is 405, not the page again)."""
    return render(request, "api/docs.html", reference())
