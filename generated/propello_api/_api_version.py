"""Written by scripts/generate.py: which API description this package was generated from."""

API_VERSION = "3.0.0"
SPEC_SHA256 = "7720962e34295bc3738e861bc5a86529738f47ccaa7b290a8aaaf4d746726dfc"  # of the effective spec (snapshot + overlay)
