"""Translations: the runtime catalogue lookup (no Qt) and the catalogue build."""
