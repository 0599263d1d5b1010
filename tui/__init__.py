"""HK FinTech Timeline: a terminal timeline of Hong Kong fintech, built from news articles."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
