"""Shared test settings: where shared/ is, and hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANWATCH_SHARED", ROOT.parent / "shared"))

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    """Tests hash with few iterations (tests/hashers.py); what is hashed is the same algorithm."""
    from django.conf import settings as django_settings
    from django.contrib.auth import hashers

    default = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    others = [h for h in django_settings.PASSWORD_HASHERS if h != default]
    django_settings.PASSWORD_HASHERS = ["tests.hashers.QuickPBKDF2PasswordHasher", *others]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _uploads_in_a_temporary_folder(tmp_path_factory):
    """Uploaded plan documents written by tests go to a folder of their own, not var/."""
    from django.test import override_settings

    with override_settings(PLANWATCH_UPLOADS_ROOT=str(tmp_path_factory.mktemp("uploads"))):
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_embedding_model():
    """Plan links compare words only unless a test puts an encoder in place
    (`tests/strategy/embedded.py`): the real model costs seconds per plan."""
    from django.test import override_settings

    from planwatch.strategy import embeddings

    with override_settings(PLANWATCH_EMBEDDINGS=False):
        embeddings.reset()
        yield
    embeddings.reset()


@pytest.fixture(autouse=True)
def _no_remembered_counts():
    """A list's count once past the cap is remembered for a minute (`api.pagination`): each
    test starts with none (ids, and so the counting SQL, repeat between tests)."""
    from planwatch.api import pagination

    pagination._past_cap.clear()
    yield
    pagination._past_cap.clear()
