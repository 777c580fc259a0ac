"""The API reference page, drawn from the app's own OpenAPI document.

The dashboard draws it itself rather than serving Swagger UI, which would load from a CDN
and so fail offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from empathica.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def type_name(schema: dict[str, Any]) -> str:
    """A short readable type for an OpenAPI schema: ``string``, ``list[string]``, ``FeedbackOut``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        parts = [type_name(s) for s in schema["anyOf"] if s.get("type") != "null"]
        optional = any(s.get("type") == "null" for s in schema["anyOf"])
        return " | ".join(parts) + (" | null" if optional else "")
    if schema.get("type") == "array":
        return f"list[{type_name(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    return str(schema.get("type", "any"))


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    params: list[dict[str, Any]]
    body: str | None
    examples: list[str]
    responses: list[tuple[str, str, str]]


def operations(spec: dict[str, Any]) -> list[Operation]:
    schemas = spec.get("components", {}).get("schemas", {})
    out: list[Operation] = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body_schema = (
                op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            body = type_name(body_schema) if body_schema else None
            examples = schemas.get(body or "", {}).get("examples", []) if body else []
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", "").replace("``", "`"),
                    params=[
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_name(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    body=body,
                    examples=[json.dumps(e, indent=2, ensure_ascii=False) for e in examples],
                    responses=[
                        (
                            code,
                            r.get("description", ""),
                            type_name(r.get("content", {}).get("application/json", {}).get("schema", {}))
                            if r.get("content")
                            else "",
                        )
                        for code, r in op.get("responses", {}).items()
                    ],
                )
            )
    return out


@router.get("/docs", response_class=HTMLResponse)
def api_docs_page(request: Request) -> HTMLResponse:
    """The API reference, drawn from the app's own OpenAPI document with no CDN-hosted viewer."""
    spec = request.app.openapi()
    return render_page(
        request,
        "api_docs.html",
        {"spec": spec, "ops": operations(spec), "openapi_url": request.app.openapi_url},
    )
