"""Data files itatui ships: the ITA catalogue copied into every new repository (no code)."""
