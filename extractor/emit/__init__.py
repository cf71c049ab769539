"""Emitting records: JSON with exact decimals, and the published JSON Schema."""
