"""The published OpenAPI document, made as strict as the validators behind it.

Pydantic describes `dict[FieldName, ...]` with `patternProperties` but leaves other keys
allowed, although validation refuses them. A client generated from the document (or a fuzzer)
would then build requests the server rejects. This pass closes such objects; it only ever
narrows the document towards what the server really accepts.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def _tighten(node: Any) -> None:
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "properties" not in node:
            node.setdefault("additionalProperties", False)
            names = node.setdefault("propertyNames", {})
            names.setdefault("pattern", next(iter(patterns)))
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for value in node:
            _tighten(value)


def install_strict_openapi(app: FastAPI) -> None:
    """Replaces `app.openapi` with a cached, tightened version of FastAPI's document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            _tighten(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
