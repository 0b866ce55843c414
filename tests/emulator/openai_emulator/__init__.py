# The emulator moved to emulator/openai_emulator (the collection's root) in 1.2.0; this package,
# kept until 2.0.0 for PYTHONPATH=tests/emulator, loads it from there: its submodules (cli,
# __main__ for `python -m openai_emulator`, ...) are found through __path__.
import os

__path__ = [os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, os.pardir, 'emulator', 'openai_emulator')]

from .emulator import Emulator  # noqa: E402  (after __path__, which finds it)
from .seed import generate as generate_containers  # noqa: E402

__all__ = ["Emulator", "generate_containers"]
