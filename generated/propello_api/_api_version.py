"""Written by scripts/generate.py: which API description this package was generated from."""

API_VERSION = "3.0.0"
SPEC_SHA256 = "4772db732f631da1850235f01a50e71643170b5e454a0357d080a6ad4f0e0f9e"  # of the effective spec (snapshot + overlay)
