"""Bundled catalogues and the illustrative sample (data files only)."""
