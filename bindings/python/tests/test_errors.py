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
