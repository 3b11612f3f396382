#!/usr/bin/env python3
"""Writes the calibration vectors (tests/vectors/calibration_*.json).

The logs are built here, independently of meritkit: each entry's hash is the SHA-256 of
its canonical JSON without `hash` (keys sorted, no whitespace), `prev` the hash of the
entry before (64 zeros for the first). Expected values follow the documented rounding of
distribution guidelines (percent x headcount, up for <= / <, down for >= / >), SE MenPANRB
3/2023 for the predikat preset, and the 9-box of PermenPANRB 3/2020 jo 20/2025 Ps. 17.
Re-run after editing: python3 tests/vectors/gen/calibration_vectors.py
"""
import hashlib
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent
GENESIS = "0" * 64
FP = "a" * 64


def canonical(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain(events):
    """events: [(time, actor, event)] -> entries with seq, prev, hash."""
    out, prev = [], GENESIS
    for i, (time, actor, event) in enumerate(events):
        e = {"seq": i + 1, "prev": prev, "time": time, "actor": actor, "event": event}
        e["hash"] = hashlib.sha256(canonical(e).encode()).hexdigest()
        prev = e["hash"]
        out.append(e)
    return out


def jsonl(entries):
    return "".join(canonical(e) + "\n" for e in entries)


def nip(i):
    return f"198503152010011{i + 1:03d}"


def snapshot(boxes):
    return {"type": "snapshot", "session": "sulbar-2026", "policy": {"name": "permenpanrb_3_2020", "fingerprint": FP},
            "subjects": [{"nip": nip(i), "unit": "Dinas Pangan", "box": b} for i, b in enumerate(boxes)]}


def box9_at_most_10(mode="enforce"):
    return {"type": "guidelines", "guidelines": [
        {"id": "box9_max_10", "select": {"box": [9]}, "op": "<=", "percent": 10.0, "mode": mode}]}


def write(name, description, reference, function, request, expect):
    case = {"name": name, "description": description, "reference": reference,
            "function": function, "request": request, "expect": expect}
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n")


NINETEEN = [9, 9, 9] + [5] * 10 + [7] * 6
T = "2026-03-02T09:00:00Z"
SESSION = chain([(T, "fasilitator", snapshot(NINETEEN)), (T, "fasilitator", box9_at_most_10())])
ROUNDING = ("Distribution guidelines round percent x headcount up for <= and < and down for >= and > "
            "(the documented calibration convention; so the lower limits never exceed the headcount)")

write("calibration_rounding_19_at_most_10",
      "19 people, box 9 at most 10 %: 1.9 rounds up to at most 2 people; with 3 in box 9 the guideline fails "
      "and, being `enforce`, finalising is not possible.",
      ROUNDING + "; issue 15",
      "calibration_report",
      {"log": SESSION, "detail": "summary"},
      {"ok": True, "value": {"status": "set_up", "headcount": 19, "finalisable": False, "moves": 0,
                             "guidelines": [{"id": "box9_max_10", "headcount": 19, "count": 3,
                                             "bounds": {"min": None, "max": 2}, "ok": False, "mode": "enforce"}]}})

write("calibration_finalise_blocked_in_enforce_mode",
      "Finalising is refused with `guideline_failed` while an `enforce` guideline fails (3 of 19 in box 9, "
      "at most 2 allowed); nothing is appended.",
      ROUNDING + "; issue 15",
      "calibration_append",
      {"log": SESSION, "actor": "ketua", "time": "2026-03-02T10:00:00Z", "event": {"type": "finalise"}},
      {"ok": False, "error": {"code": "guideline_failed",
                              "problems": [{"code": "guideline_failed", "path": "guidelines.box9_max_10"}]}})

moved = chain([(T, "fasilitator", snapshot(NINETEEN)), (T, "fasilitator", box9_at_most_10()),
               ("2026-03-02T10:00:00Z", "anggota", {"type": "move", "reason_code": "bukti_baru", "reason": "rapat",
                                                    "moves": [{"nip": nip(0), "from": {"box": 9}, "to": {"box": 8}}]}),
               ("2026-03-02T10:30:00Z", "ketua", {"type": "finalise"})])
write("calibration_moves_then_finalise",
      "After one person moves from box 9 to box 8 (kinerja di atas -> sesuai ekspektasi, potensial tinggi kept: "
      "a move down), 2 of 19 are in box 9 and the session finalises; raw and calibrated stay side by side.",
      "PermenPANRB 3/2020 jo 20/2025 Ps. 17 (box 9 = di atas ekspektasi x tinggi, box 8 = sesuai x tinggi); " + ROUNDING,
      "calibration_report",
      {"log": moved},
      {"ok": True, "value": {"status": "finalised", "changed": 1, "moved_down": 1, "moved_up": 0, "moves": 1,
                             "guidelines": [{"count": 2, "bounds": {"min": None, "max": 2}, "ok": True}],
                             "head": {"seq": 4, "hash": moved[-1]["hash"]},
                             "by_actor": [{"actor": "anggota", "moves": 1, "people": 1}]}})

write("calibration_move_after_finalise_refused",
      "A finalised session is locked: a move is refused with `session_state` until it is reopened.",
      "issue 15 (finalisation locks; re-opening is logged)",
      "calibration_append",
      {"log": moved, "actor": "anggota", "time": "2026-03-02T11:00:00Z",
       "event": {"type": "move", "reason_code": "x", "reason": "y",
                 "moves": [{"nip": nip(1), "from": {"box": 9}, "to": {"box": 8}}]}},
      {"ok": False, "error": {"code": "session_state"}})

text = jsonl(moved)
write("calibration_verify_intact",
      "An exported log whose every line is its entry's canonical JSON, in sequence, each linked to the hash of "
      "the one before, verifies.",
      "issue 15 (append-only, tamper-evident log)",
      "calibration_verify", {"jsonl": text},
      {"ok": True, "value": {"ok": True, "entries": 4, "first_bad": None}})

lines = text.splitlines(keepends=True)
lines[2] = lines[2].replace('"rapat"', '"rapaT"')
write("calibration_verify_one_byte_changed",
      "One byte changed in the third entry (the move's reason): the entry no longer matches its hash; verify "
      "names line 3 and reports the two entries before it as matching.",
      "issue 15 (tampering with one byte of the exported log is detected and located)",
      "calibration_verify", {"jsonl": "".join(lines)},
      {"ok": True, "value": {"ok": False, "entries": 2,
                             "first_bad": {"line": 3, "seq": 3, "problems": [{"code": "log_hash_mismatch"}]}}})

dropped = lines[:1] + lines[2:]
write("calibration_verify_entry_removed",
      "The second entry removed: the next entry is out of sequence, named at line 2.",
      "issue 15 (append-only, sequence-numbered log)",
      "calibration_verify", {"jsonl": "".join(jsonl(moved).splitlines(keepends=True)[i] for i in (0, 2, 3))},
      {"ok": True, "value": {"ok": False, "entries": 1,
                             "first_bad": {"line": 2, "problems": [{"code": "log_sequence"}]}}})

write("calibration_guideline_preset_se_3_2023_kurang",
      "SE MenPANRB 3/2023 for an organisation rated Kurang: Kurang/Misconduct at least 60 %, Butuh Perbaikan at "
      "least 10 %, Sangat Baik at most 10 % of employees, as guidelines on the predikat.",
      "SE MenPANRB 3/2023",
      "calibration_guideline_preset", {"name": "se_menpanrb_3_2023", "org_predikat": "Kurang"},
      {"ok": True, "value": [
          {"id": "kurang_at_least_60", "select": {"predikat": ["kurang"]}, "op": ">=", "percent": 60, "mode": "warn"},
          {"id": "butuh_perbaikan_at_least_10", "select": {"predikat": ["butuh_perbaikan"]}, "op": ">=",
           "percent": 10, "mode": "warn"},
          {"id": "sangat_baik_at_most_10", "select": {"predikat": ["sangat_baik"]}, "op": "<=", "percent": 10,
           "mode": "warn"}]})

write("calibration_snapshot_from_records",
      "A snapshot scored from records: Sangat Baik with potential 91.5 is box 9 (di atas ekspektasi x tinggi); a "
      "row with a malformed NIP is an error row of the answer, not a subject (never silently).",
      "PermenPANRB 3/2020 jo 20/2025 Ps. 17; Perka BKN 22/2007 (NIP of 18 digits)",
      "calibration_snapshot",
      {"session": "s1", "actor": "f", "time": T, "date": "2026-01-02", "group_by": ["sex"],
       "records": [{"nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
                    "performance": [{"year": 2025, "predikat": "Sangat Baik"}], "potential_score": 91.5},
                   {"nip": "12345", "unit": "Dinas Pangan", "position": {"kind": "pengawas"}}]},
      {"ok": True, "value": {"entry": {"seq": 1, "prev": GENESIS, "event": {
          "type": "snapshot", "subjects": [{"nip": "198503152010011002", "box": 9, "predikat": "sangat_baik",
                                            "groups": {"sex": "male"}}]}},
          "errors": [{"row": 1, "code": "nip_format"}]}})

write("calibration_export_canonical",
      "The log exported as JSON Lines: each line the entry's canonical JSON (keys sorted, no whitespace), each "
      "ended by a line feed: the bytes `calibration_verify` checks, here computed independently of meritkit.",
      "issue 15 (append-only, tamper-evident log; export as JSONL)",
      "calibration_export", {"log": moved},
      {"ok": True, "value": jsonl(moved)})
