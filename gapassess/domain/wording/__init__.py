"""Presentation: the English sentences for what the engine returns as codes with parameters."""
