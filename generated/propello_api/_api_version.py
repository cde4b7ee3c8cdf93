"""Written by scripts/generate.py: which API description this package was generated from."""

API_VERSION = "3.0.0"
SPEC_SHA256 = "ba73f1f310c49a708650a7a76a1149a5fb71b967459fcc36fccd54cc9cb81108"  # of the effective spec (snapshot + overlay)
