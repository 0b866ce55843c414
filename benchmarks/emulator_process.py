# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The emulator as a separate process (its CLI start/stop), driven over its control API.
# Out of process on purpose: the harness stays small, so the peak RSS a forked tool inherits from
# it (Linux keeps the pre-exec high-water mark in ru_maxrss) is below any tool's own, and the
# emulator's CPU never lands in the measured process tree.

import json
import os
import subprocess
import sys
import tempfile
import shutil
from urllib.request import Request, urlopen

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class EmulatorProcess:
    """``with EmulatorProcess(containers=N, api_key=KEY, latency_ms=0) as emu: emu.base_url``."""

    def __init__(self, containers, api_key, latency_ms=0):
        self.argv = ['--containers', str(containers), '--api-key', api_key, '--latency-ms', str(latency_ms)]
        self.state_dir = None
        self.base_url = None
        self.env = dict(os.environ, PYTHONPATH=os.path.join(REPO, 'emulator'))

    def _cli(self, *args):
        return subprocess.run([sys.executable, '-m', 'openai_emulator'] + list(args), env=self.env, check=True,
                              stdout=subprocess.PIPE, universal_newlines=True).stdout

    def __enter__(self):
        self.state_dir = tempfile.mkdtemp(prefix='llmops-openai-bench-emulator-')
        self.base_url = self._cli('start', '--state-dir', self.state_dir, *self.argv).strip().splitlines()[-1]
        return self

    def __exit__(self, *exc_info):
        self._cli('stop', '--state-dir', self.state_dir)
        shutil.rmtree(self.state_dir, ignore_errors=True)

    def _control(self, method, name):
        root = self.base_url[:-len('/v1')] if self.base_url.endswith('/v1') else self.base_url
        request = Request('%s/_emulator/%s' % (root, name), data=b'' if method == 'POST' else None, method=method)
        with urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode('utf-8'))

    def reset_stats(self):
        self._control('POST', 'reset')

    def stats(self):
        """Requests and TCP connections since the last reset, not counting this control call's own connection."""
        stats = self._control('GET', 'stats')
        stats['connections'] -= 1
        return stats
