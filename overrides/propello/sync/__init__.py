"""Keep an organisation's users in step with its HR system: `propello sync`, and the same from Python.

    from propello import Propello
    from propello.sync import apply_plan, make_plan

    with Propello.from_env() as client:
        plan = make_plan(client, "people.csv", state="sync.db", activation_email="skip")
        plan.save("plan.json")                      # review it (plan.counts, plan.actions), then:
        result = apply_plan(client, "plan.json")     # resumes where it stopped when run again

The engine needs neither Click nor rich (the `[cli]` extra): the `propello sync` commands live in
propello.sync.cli. The README's "Keeping users in sync" walks through a first load and a weekly run.
"""

from .apply import ApplyResult, ApplyStopped, apply_plan
from .errors import ExportError, StalePlanError, StateError, SyncError, UnsafePlanError
from .export import KeySpec
from .plan import Action, Plan, SavedPlan, make_plan
from .refresh import RefreshReport
from .state import default_path, read_status

__all__ = [
    "Action",
    "ApplyResult",
    "ApplyStopped",
    "ExportError",
    "KeySpec",
    "Plan",
    "RefreshReport",
    "SavedPlan",
    "StalePlanError",
    "StateError",
    "SyncError",
    "UnsafePlanError",
    "apply_plan",
    "default_path",
    "make_plan",
    "read_status",
]
