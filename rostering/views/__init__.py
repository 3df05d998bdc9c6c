"""Rostering pages: the roster grid and its cell editor, patterns and shift types, teams, my duties, the feed."""
