# Entry point for `python3 -m openai_emulator`; the commands live in cli.py.

import sys

from .cli import main

sys.exit(main())
