"""The Hypothesis strategies, now ``fakerec.testing.strategies``; this old path re-exports them."""

from fakerec.testing.oracle import API_STATUSES, RefQuery
from fakerec.testing.strategies import (
    HEX,
    MEDIA_TYPES,
    UTC,
    Operation,
    apply_operations,
    list_queries,
    malformed_sids,
    operations,
    page_sizes,
    recordings,
    sids,
)

__all__ = [
    "API_STATUSES",
    "HEX",
    "MEDIA_TYPES",
    "UTC",
    "Operation",
    "RefQuery",
    "apply_operations",
    "list_queries",
    "malformed_sids",
    "operations",
    "page_sizes",
    "recordings",
    "sids",
]
