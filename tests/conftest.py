import os

from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

# Two profiles for the property tests. "default" fits the 5-minute CI budget; "thorough" is
# opt-in: pytest tests/test_stateful.py --hypothesis-profile=thorough
settings.register_profile(
    "default",
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("FAKEREC_HYPOTHESIS_PROFILE", "default"))
