# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Runs one tool as a whole process and measures it: CPU (user + sys, the process and every
# descendant it waited for, from os.wait4), wall time and peak RSS (ru_maxrss).

import os
import statistics
import subprocess
import time


class Sample:
    """One run of one tool."""

    def __init__(self, cpu, wall, maxrss_kb, requests=0, connections=0):
        self.cpu = cpu
        self.wall = wall
        self.maxrss_kb = maxrss_kb
        self.requests = requests
        self.connections = connections


class ToolFailed(Exception):
    pass


def run_process(argv, env, stdout_path, stderr_path):
    """Run argv to completion; return (Sample without emulator counts, exit status)."""
    with open(stdout_path, 'wb') as stdout, open(stderr_path, 'wb') as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        dummy, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss)
    if process.returncode != 0:
        with open(stderr_path, 'rb') as stream:
            tail = stream.read()[-2000:].decode('utf-8', 'replace')
        with open(stdout_path, 'rb') as stream:
            head = stream.read(2000).decode('utf-8', 'replace')
        raise ToolFailed('%s exited with %s\nstdout: %s\nstderr: %s' % (' '.join(argv), process.returncode, head, tail))
    return sample


class Summary:
    """The median of several samples of one tool at one size."""

    def __init__(self, samples):
        self.samples = samples
        self.cpu = statistics.median(s.cpu for s in samples)
        self.wall = statistics.median(s.wall for s in samples)
        self.maxrss_kb = statistics.median(s.maxrss_kb for s in samples)
        self.requests = max(s.requests for s in samples)
        self.connections = max(s.connections for s in samples)

    def as_dict(self):
        return {
            'cpu_s': self.cpu, 'wall_s': self.wall, 'maxrss_kb': self.maxrss_kb,
            'requests': self.requests, 'connections': self.connections,
            'samples': [vars(s) for s in self.samples],
        }
