"""The OpenAPI schema's class and hooks: open reads and the JSON errors of every operation."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import SAFE_METHODS

from kbase.api_support import ReadOpenWriteCurator


class AutoSchema(SpectacularAutoSchema):
    """Marks reads as open to anonymous clients, as ReadOpenWriteCurator lets them be."""

    def get_auth(self):
        auths = super().get_auth()
        perms = [p.__class__ for p in self.view.get_permissions()]
        reads_open = not settings.KBASE.get("REQUIRE_LOGIN_FOR_READS")
        if ReadOpenWriteCurator in perms and self.method in SAFE_METHODS and reads_open:
            auths.append({})
        return auths


ERROR_SCHEMAS = {
    "Error": {
        "type": "object",
        "description": "Why the request failed.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": "Messages by field name; `non_field_errors` or `detail` for the rest.",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "object"},
            ]
        },
    },
}
ERROR_RESPONSES = {
    "400": ("FieldErrors", "Invalid input: field errors, unknown choices, bad page size."),
    "401": ("Error", "Not signed in (a token or session is needed)."),
    "403": ("Error", "Signed in but not allowed (writes need the curator group)."),
    "404": ("Error", "No such object, or a page number out of range."),
    "429": ("Error", "Too many requests; retry after the Retry-After header's seconds."),
}
WRITE_ERROR_RESPONSES = {
    "413": ("Error", "The request body is over the size limit (the largest article, plus 1 MB)."),
    "415": ("Error", "The body is not JSON."),
}


def document_error_responses(result, generator, request, public):
    """A spectacular postprocessing hook: every operation lists the JSON errors it can answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    # Request bodies are checked strictly: a field the API does not know is a 400.
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    schemas.update(ERROR_SCHEMAS)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            extra = dict(ERROR_RESPONSES)
            if method in {"post", "put", "patch"}:
                extra.update(WRITE_ERROR_RESPONSES)
            for code, (schema, description) in extra.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
