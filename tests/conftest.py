"""Fixtures shared by every test."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests draw the same examples on every run, so CI is reproducible;
# HYPOTHESIS_PROFILE=explore draws new ones (and keeps failures in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO / "fixtures" / "demo"


def shared_corpus_dir() -> Path:
    return Path(os.environ.get("KBASE_CORPUS_DIR", REPO.parent / "shared" / "corpus"))


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus of real articles; tests using it skip when it is absent."""
    path = shared_corpus_dir()
    if not (path / "gold.jsonl").is_file():
        pytest.skip(f"shared corpus not found at {path}")
    return path


@pytest.fixture
def demo_dir() -> Path:
    return DEMO_DIR


@pytest.fixture
def curator(db):
    from tests.factories import CuratorFactory

    return CuratorFactory()


@pytest.fixture
def analyst(db):
    from tests.factories import AnalystFactory

    return AnalystFactory()
