"""The pure core: model, dates, loading and validation, search, the temporal engine, export and
curation writes. Nothing here imports Textual (tests/test_purity.py imports each module alone)."""
