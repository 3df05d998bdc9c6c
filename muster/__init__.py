"""Muster: duty management and rostering for UK emergency services."""
