# Every fault action type is one Fault (faults/fault.py), registered once (faults/registry.py) under its
# rule "type", documented in the emulator guide, and validated and matched through that one shape.

import importlib
import inspect
import os
import pkgutil
import re

import pytest

from ansible_collections.llmops.openai.emulator.openai_emulator import faults
from ansible_collections.llmops.openai.emulator.openai_emulator.faults import FAULTS, Fault, FaultRule, FaultSet

GUIDE = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir, "docs", "docsite", "rst", "contributing", "emulator.rst")
FAMILIES = ("answers", "pages", "orders", "hostile", "files", "gateway")


def _fault_classes():
    """Every concrete Fault class of the faults package's modules (those with a name)."""
    found = {}
    for module_info in pkgutil.iter_modules(faults.__path__):
        module = importlib.import_module("%s.%s" % (faults.__name__, module_info.name))
        for dummy, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Fault) and cls.name is not None:
                found[cls.name] = cls
    return found


def test_every_fault_class_is_registered_once_under_its_name():
    classes = _fault_classes()
    assert sorted(classes) == sorted(FAULTS)
    for name, fault in FAULTS.items():
        assert type(fault) is classes[name]  # pylint: disable=unidiomatic-typecheck
        assert fault.name == name
    # Each family module contributes at least one fault.
    families = set(type(fault).__module__.rsplit(".", 1)[1] for fault in FAULTS.values())
    assert families == set(FAMILIES)


def test_every_registered_fault_is_documented_and_every_documented_one_registered():
    with open(GUIDE, encoding="utf-8") as guide:
        documented = set(re.findall(r'\{"type": "([a-z_]+)"', guide.read()))
    assert documented == set(FAULTS)


def test_an_unknown_type_names_every_registered_type_in_order():
    with pytest.raises(ValueError) as raised:
        FaultSet().add({"action": {"type": "no_such_fault"}})
    assert str(raised.value) == "'action' must be an object whose 'type' is one of: %s" % ", ".join(FAULTS)
    for bad in ({"type": ["status"]}, {"type": None}, "status"):
        with pytest.raises(ValueError, match="whose 'type' is one of"):
            FaultRule({"action": bad})


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_a_rule_is_checked_and_matched_by_its_fault(monkeypatch, name):
    fault = FAULTS[name]
    seen = []

    def check(action):
        seen.append(("check", action["type"]))
        raise ValueError("checked by %s" % name)

    monkeypatch.setattr(fault, "check", check)
    with pytest.raises(ValueError, match="^checked by %s$" % name):
        FaultSet().add({"action": {"type": name}})
    monkeypatch.setattr(fault, "check", lambda action: None)
    rule = FaultRule({"action": {"type": name}})
    monkeypatch.setattr(fault, "applies", lambda action, method, path: seen.append(("applies", method, path)) or False)
    assert not rule.matches("GET", "/v1/containers")
    assert seen == [("check", name), ("applies", "GET", "/v1/containers")]


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_only_rewrites_rewrite_and_the_default_hooks_change_nothing(name):
    """The hooks a fault does not override are the base class's: the API answers as without a fault."""
    fault = FAULTS[name]
    for hook in ("answer", "page", "dress", "content", "rewrite_container", "request_id_headers"):
        if getattr(type(fault), hook) is getattr(Fault, hook):
            continue
        # An overridden hook is one the fault's family needs: a rewrite changes answers, others answer.
        assert (hook in ("rewrite_container", "request_id_headers")) == fault.rewrite, (name, hook)
    item = {"id": "cfile_1", "path": "/mnt/data/a.txt", "bytes": 1}
    if type(fault).dress is Fault.dress:
        assert fault.dress(item, 0, {"type": name}) is item
    if type(fault).rewrite_container is Fault.rewrite_container:
        assert fault.rewrite_container(item, {"type": name}, False) is item
