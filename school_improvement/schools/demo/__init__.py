"""Fictional demonstration data (see generator.py)."""
