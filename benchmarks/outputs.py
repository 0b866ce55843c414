# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Reads the tools' outputs, in a child process of the harness (so parsing 100k hosts never grows
# the harness, whose RSS every forked tool would inherit in ru_maxrss):
#   python outputs.py count KIND PATH        prints how many containers the output holds (or -1)
#   python outputs.py static LIST_JSON OUT   turns ansible-inventory --list output into a static inventory

import json
import re
import sys


def _json_count(text):
    return json.loads(text)['containers']


def _adhoc_count(text):
    # "localhost | SUCCESS => {...}"
    status, dummy, body = text.partition(' => ')
    if 'SUCCESS' not in status:
        raise ValueError('the module did not succeed: %s' % text[:500])
    return len(json.loads(body)['containers'])


def _ping_count(text):
    if 'SUCCESS' not in text.partition(' => ')[0]:
        raise ValueError('ping did not succeed: %s' % text[:500])
    return -1


def _play_count(text):
    # The play's debug task prints "containers: N"; its recap must show no failure.
    found = re.search(r'"containers: (\d+)"', text)
    if not found or not re.search(r'failed=0 ', text):
        raise ValueError('the play did not succeed: %s' % text[-500:])
    return int(found.group(1))


def _inventory_count(text):
    return len(json.loads(text)['_meta']['hostvars'])


COUNTERS = {'json': _json_count, 'adhoc': _adhoc_count, 'ping': _ping_count, 'inventory': _inventory_count, 'play': _play_count}


def write_static_inventory(list_output_path, path):
    """Turn ``ansible-inventory --list`` output into a static JSON inventory (YAML inventory format).

    Same hosts, same variables, same groups: what the inventory plugin would cost if it were free.
    """
    with open(list_output_path) as stream:
        listed = json.load(stream)
    hostvars = listed.pop('_meta', {}).get('hostvars', {})
    groups = {}
    placed = set()
    for name, entry in listed.items():
        if name == 'all':
            continue
        group = {}
        hosts = {}
        for host in entry.get('hosts', []):
            hosts[host] = hostvars.get(host, {}) if host not in placed else {}
            placed.add(host)
        if hosts:
            group['hosts'] = hosts
        if entry.get('children'):
            group['children'] = dict((child, {}) for child in entry['children'])
        if entry.get('vars'):
            group['vars'] = entry['vars']
        groups[name] = group
    with open(path, 'w') as stream:
        json.dump({'all': {'children': groups}}, stream)


def main(argv):
    if argv[0] == 'count':
        with open(argv[2]) as stream:
            print(COUNTERS[argv[1]](stream.read()))
    elif argv[0] == 'static':
        write_static_inventory(argv[1], argv[2])
    else:
        raise SystemExit('usage: outputs.py count KIND PATH | outputs.py static LIST_JSON OUT')


if __name__ == '__main__':
    main(sys.argv[1:])
