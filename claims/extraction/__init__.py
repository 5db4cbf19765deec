"""Pure-Python claim extraction (no Django): worker counts, remittances, sanctions clauses.

from claims.extraction import extract
claims = extract(text, published=datetime.date(2017, 8, 10))
[c.to_dict() for c in claims]
"""

from claims.extraction.model import FIELDS, KINDS, ExtractedClaim
from claims.extraction.pipeline import extract

# Bump when the rules change: stored proposed claims of an older version are replaced.
EXTRACTOR_VERSION = "1.0"

__all__ = ["EXTRACTOR_VERSION", "FIELDS", "KINDS", "ExtractedClaim", "extract"]
