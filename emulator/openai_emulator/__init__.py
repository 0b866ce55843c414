# OpenAI Containers API emulator: a real HTTP server on 127.0.0.1 for tests, demos and benchmarks.

from .emulator import Emulator
from .seed import generate as generate_containers

__all__ = ["Emulator", "generate_containers"]
