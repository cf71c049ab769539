"""Normalisation: fold text for matching, parse numbers, amounts, percents and values."""
