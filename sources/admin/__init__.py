"""Admin for outlets, origins, articles and merges (registered by importing the modules)."""

from sources.admin import articles, merges, outlets

__all__ = ["articles", "merges", "outlets"]
