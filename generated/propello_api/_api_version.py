"""Written by scripts/generate.py: which API description this package was generated from."""

API_VERSION = "3.0.0"
SPEC_SHA256 = "3beb719f661c3c52580a60c6d1763b9a53984cf1e47907039d9bd9b49627d92c"  # of the effective spec (snapshot + overlay)
