# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The measured tools (a) to (g) and the plays (p0) to (p2): the command line of each and the files it
# needs. The harness checks that each output really holds every container (a fast wrong answer is not
# a result).

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
LIST_ALL = os.path.join(os.path.dirname(HERE), 'tests', 'integration', 'targets', 'setup_emulator', 'list_all.py')


class Tool:
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


def save_containers(base_url, api_key, path):
    """Every container of the emulator into a JSON file, by an independent listing (for the play (p0))."""
    with open(path, 'w') as stream:
        subprocess.run([sys.executable, LIST_ALL, base_url, api_key], check=True, stdout=stream)


def round_trip(base_url, api_key):
    """The median seconds of one page request on a warm connection, measured in a child process."""
    output = subprocess.run([sys.executable, os.path.join(HERE, 'round_trip.py'), base_url, api_key], check=True,
                            stdout=subprocess.PIPE, universal_newlines=True).stdout
    return json.loads(output)['round_trip_s']


def build_tools(collections_dir, workdir, api_key):
    """The tools, keyed (a) .. (g). Inventory files live in workdir; see prepare_inventories."""
    python = sys.executable
    adhoc = [os.path.join(BIN, 'ansible'), 'localhost', '-i', 'localhost,', '-c', 'local', '-e', 'ansible_python_interpreter=%s' % python]
    cold = os.path.join(workdir, 'cold.openai_containers.yml')
    cached = os.path.join(workdir, 'cached.openai_containers.yml')
    static = os.path.join(workdir, 'static.json')
    play = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-e', 'ansible_python_interpreter=%s' % python]
    saved = os.path.join(workdir, 'containers.json')
    return [
        Tool('a', '(a) requests loop (floor)',
             lambda url: [python, os.path.join(HERE, 'floor_requests.py'), url, api_key], 'json'),
        Tool('b', '(b) openai SDK',
             lambda url: [python, os.path.join(HERE, 'sdk_openai.py'), url, api_key], 'json'),
        Tool('c', '(c) collection client, strict schema',
             lambda url: [python, os.path.join(HERE, 'collection_client.py'), collections_dir, url, api_key, 'both'], 'json'),
        Tool('c1', '(c1) collection client, one cursor',
             lambda url: [python, os.path.join(HERE, 'collection_client.py'), collections_dir, url, api_key, 'one'], 'json'),
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
        Tool('p0', '(p0) play, the same containers from a file',
             lambda url: play + [os.path.join(HERE, 'plays', 'from_file.yml'), '-e', 'path=%s' % saved], 'play'),
        Tool('p1', '(p1) play, container_info from both ends',
             lambda url: play + [os.path.join(HERE, 'plays', 'container_info.yml'), '-e', 'base_url=%s' % url,
                                 '-e', 'api_key=%s' % api_key, '-e', 'walk_both_ends=true'], 'play'),
        Tool('p2', '(p2) play, container_info, one cursor',
             lambda url: play + [os.path.join(HERE, 'plays', 'container_info.yml'), '-e', 'base_url=%s' % url,
                                 '-e', 'api_key=%s' % api_key, '-e', 'walk_both_ends=false'], 'play'),
    ]
