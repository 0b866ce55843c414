# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The measured tools (a) to (g): the command line of each and the files it needs. The harness checks
# that each output really holds every container (a fast wrong answer is not a result).

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)


class Tool(object):
    """One measured tool: ``argv(base_url)``, and the kind of output it prints (see outputs.py)."""

    def __init__(self, key, label, argv, output):
        self.key = key
        self.label = label
        self.argv = argv
        self.output = output


def write_inventory_config(path, base_url, api_key, cache_dir=None):
    lines = ['plugin: llmops.openai.containers', 'base_url: %s' % base_url, 'api_key: %s' % api_key]
    if cache_dir:
        lines += ['cache: true', 'cache_plugin: ansible.builtin.jsonfile', 'cache_connection: %s' % cache_dir,
                  'cache_timeout: 86400']
    with open(path, 'w') as stream:
        stream.write('\n'.join(lines) + '\n')


def count_containers(kind, path):
    """How many containers a tool's output holds (-1: the tool lists none), parsed in a child process."""
    return int(subprocess.run([sys.executable, os.path.join(HERE, 'outputs.py'), 'count', kind, path],
                              check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout)


def write_static_inventory(list_output_path, path):
    subprocess.run([sys.executable, os.path.join(HERE, 'outputs.py'), 'static', list_output_path, path], check=True)


def build_tools(collections_dir, workdir, api_key):
    """The tools, keyed (a) .. (g). Inventory files live in workdir; see prepare_inventories."""
    python = sys.executable
    adhoc = [os.path.join(BIN, 'ansible'), 'localhost', '-i', 'localhost,', '-c', 'local', '-e', 'ansible_python_interpreter=%s' % python]
    cold = os.path.join(workdir, 'cold.openai_containers.yml')
    cached = os.path.join(workdir, 'cached.openai_containers.yml')
    static = os.path.join(workdir, 'static.json')
    return [
        Tool('a', '(a) requests loop (floor)',
             lambda url: [python, os.path.join(HERE, 'floor_requests.py'), url, api_key], 'json'),
        Tool('b', '(b) openai SDK',
             lambda url: [python, os.path.join(HERE, 'sdk_openai.py'), url, api_key], 'json'),
        Tool('c', '(c) collection client, strict schema',
             lambda url: [python, os.path.join(HERE, 'collection_client.py'), collections_dir, url, api_key], 'json'),
        Tool('d0', '(d0) ansible -m ansible.builtin.ping',
             lambda url: adhoc + ['-m', 'ansible.builtin.ping'], 'ping'),
        Tool('d', '(d) ansible -m container_info',
             lambda url: adhoc + ['-m', 'llmops.openai.container_info', '-a', 'base_url=%s api_key=%s' % (url, api_key)], 'adhoc'),
        Tool('e', '(e) ansible-inventory, plugin, cold',
             lambda url: [os.path.join(BIN, 'ansible-inventory'), '-i', cold, '--list'], 'inventory'),
        Tool('f', '(f) ansible-inventory, plugin, cached',
             lambda url: [os.path.join(BIN, 'ansible-inventory'), '-i', cached, '--list'], 'inventory'),
        Tool('g', '(g) ansible-inventory, static JSON',
             lambda url: [os.path.join(BIN, 'ansible-inventory'), '-i', static, '--list'], 'inventory'),
    ]
