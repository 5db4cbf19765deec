"""Admin for claims, links and topics (registered by importing the modules)."""

from claims.admin import claims, links

__all__ = ["claims", "links"]
