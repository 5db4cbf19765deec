"""Pure-Python linking of comparable claims (no Django imports)."""

from claims.linking.keys import subject_key

__all__ = ["subject_key"]
