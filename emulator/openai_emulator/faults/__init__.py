# Fault injection: rules that make chosen API requests fail the way the real service, a gateway or a
# hostile server sometimes does. rules.py holds the rule format (which requests, how many) and the
# active set; each action type is one Fault (fault.py) in a module of its family, listed in registry.py.

from .fault import Fault
from .registry import FAULTS
from .rules import FaultRule, FaultSet

__all__ = ["FAULTS", "Fault", "FaultRule", "FaultSet"]
