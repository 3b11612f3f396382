"""MSRV check: the declared `rust-version` of each workspace is at least the
`rust-version` every locked dependency declares (only one stable toolchain is
installed on CI machines, so the floor is checked from the lock file; clippy's
`incompatible_msrv` lint checks our own use of std APIs against it)."""
import json
import subprocess
import sys


def ver(s):
    return tuple(int(x) for x in s.split(".")) + (0,) * (3 - len(s.split(".")))


bad = 0
for ws in sys.argv[1:]:
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked"], cwd=ws))
    members = set(meta["workspace_members"])
    ours = [p for p in meta["packages"] if p["id"] in members and p.get("rust_version")]
    deps = [p for p in meta["packages"] if p["id"] not in members and p.get("rust_version")]
    need = max(deps, key=lambda p: ver(p["rust_version"]))
    for p in ours:
        if ver(p["rust_version"]) < ver(need["rust_version"]):
            print(f"{ws}: {p['name']} declares rust-version {p['rust_version']}, "
                  f"but {need['name']} needs {need['rust_version']}")
            bad += 1
    print(f"msrv {ws}: declared {sorted({p['rust_version'] for p in ours})}, "
          f"dependencies need {need['rust_version']} ({need['name']})")
sys.exit(1 if bad else 0)
