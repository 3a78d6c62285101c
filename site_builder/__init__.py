"""Cổng thông tin: a static site generator for child-protection and gender-equality portals."""

__version__ = "0.1.0"
