import pickle

import pytest

import meritkit as mk


@pytest.mark.parametrize("cls", [mk.MeritkitError, mk.ValidationError, mk.PolicyError, mk.RuleSetError, mk.RequestError, mk.InputError])
def test_pickle_round_trip(cls):
    e = cls("bad thing", [{"code": "nip_format", "path": "nip", "message": {"en": "x", "id": "y"}, "row": 3}], "input_error", "nip_format")
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is cls and str(e2) == str(e) and e2.code == "nip_format" and e2.kind == "input_error"
    if isinstance(e, mk.ValidationError):
        assert e2.errors() == e.errors() and e2.error_count() == 1 and e2.json() == e.json()


def test_raised_errors_pickle():
    with pytest.raises(mk.PolicyError) as ei:
        mk.Policy.preset("nope")
    e2 = pickle.loads(pickle.dumps(ei.value))
    assert e2.errors() == ei.value.errors() and e2.errors()[0]["code"] == ei.value.code


def test_hierarchy():
    for c in (mk.PolicyError, mk.RuleSetError, mk.RequestError, mk.InputError):
        assert issubclass(c, mk.ValidationError)
    assert issubclass(mk.ValidationError, mk.MeritkitError) and issubclass(mk.ValidationError, ValueError)


def test_each_family_is_its_class_by_kind_alone():
    # the core names the family; nothing is guessed from codes or paths
    with pytest.raises(mk.RuleSetError) as ei:
        mk.validate([], rules="no_such_rule_set", date="2026-06-15")
    assert ei.value.kind == "rule_set_error" and ei.value.code == "unknown_rule_set"
    with pytest.raises(mk.RuleSetError) as ei:
        mk.RuleSet('name = "lokal"\nversion = "1"\nimplements = "Perbup 1/2026"\n\n[[rules]]\nid = "agama"\ncitation = "-"\nseverity = "error"\nmessage = { en = "x", id = "y" }\nwhen = { kind = "attribute_in", key = "Agama", values = ["Islam"] }\n', text=True)
    assert ei.value.kind == "rule_set_error"
    assert "protected_attribute" in [p["code"] for p in ei.value.errors()]
    with pytest.raises(mk.PolicyError) as ei:
        mk.score([], policy="no_such_preset")
    assert ei.value.kind == "policy_error" and not isinstance(ei.value, mk.RuleSetError)
    # an internal failure is not a ValidationError (not the caller's data)
    e = mk._errors._from_error({"kind": "internal_error", "code": "internal", "message": {"en": "x", "id": "y"}, "problems": []})
    assert type(e) is mk.MeritkitError and not isinstance(e, mk.ValidationError)
