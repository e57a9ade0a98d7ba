"""gapassess: ISO 9001:2026 transition gap assessment."""

__version__ = "0.1.0"
