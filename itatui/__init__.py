"""itatui: a Thai ITA (integrity and transparency) report kept as TOML records in git."""

__version__ = "0.1.0"
