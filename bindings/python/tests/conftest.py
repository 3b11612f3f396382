import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scale: the 2-million-row partition tests with Dask and PySpark (MERITKIT_SCALE=1)")
