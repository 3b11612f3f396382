"""The module's thread pool under a hostile environment: `RAYON_NUM_THREADS` asking for tens of
thousands of threads is capped on import at four per core (at least 8), so scoring gives the same
answer as with two threads instead of hanging while the threads start or aborting the interpreter
when the system refuses one (docs/security.md, "Limits")."""
import os
import subprocess
import sys
import textwrap

# The child scores enough records (25,000) to use the pool, under a 3 GB address-space limit like a
# constrained container: without the cap, rayon tries to reserve a stack for each of 99,999 threads.
CHILD = textwrap.dedent(
    """
    import hashlib, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))
    import meritkit as mk
    recs = mk.generate(25_000, seed=7, format="records")
    res = mk.score(recs, date="2026-01-02")
    print(hashlib.sha256(res.json().encode()).hexdigest(), res.to_arrow().num_rows)
    """
)


def run(threads: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**os.environ, "RAYON_NUM_THREADS": threads},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_huge_thread_count_is_capped_on_import_not_a_hang_or_abort():
    two = run("2")
    assert two.returncode == 0, two.stderr
    digest, rows = two.stdout.split()
    assert rows == "25000" and len(digest) == 64
    huge = run("99999")
    assert huge.returncode == 0, huge.stderr[-2000:]
    assert "panicked" not in huge.stderr
    assert huge.stdout == two.stdout, "the answer differs from two threads'"

