"""From a resource method to a request: the operation a request carries (operations.py), argument checks
(inputs.py), the runner the generated resources send through (runner.py), and hand-written helpers on top of the
generated resources (resources.py, bulk.py: users.create_many)."""
