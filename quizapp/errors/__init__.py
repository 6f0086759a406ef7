"""Friendly error pages."""
