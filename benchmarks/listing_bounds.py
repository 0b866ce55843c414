# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The listing bounds at their defaults (max_pages, listing_timeout): how long and how much memory an
# endless listing (the emulator's endless_list fault) takes to fail, and whether 100,000 containers
# still list. Each listing runs in a fresh Python process that reports its own peak RSS.
# Usage: python listing_bounds.py COLLECTIONS_DIR [endless|complete|both] [CONTAINERS]
# COLLECTIONS_DIR holds ansible_collections/llmops/openai (the bounds are that tree's defaults).

import json
import subprocess
import sys
from urllib.request import Request, urlopen

from emulator_process import EmulatorProcess

KEY = 'sk-bench'

# The child: one listing at the default options, strict schema validation, as a module runs it.
LISTING = r'''
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient
from ansible_collections.llmops.openai.plugins.module_utils._api.settings import ConnectionSettings
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, list_containers
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator
client = ApiClient(ConnectionSettings(api_key=sys.argv[3], base_url=sys.argv[2]))
options = ListingOptions()
started = time.monotonic()
result = {'max_pages': options.max_pages, 'listing_timeout': options.listing_timeout}
try:
    listing = list_containers(client, options, SchemaValidator('strict'))
    result.update(containers=len(listing.items), pages=listing.pages)
except OpenAIError as exc:
    result['error'] = str(exc)
finally:
    client.close()
result['seconds'] = round(time.monotonic() - started, 1)
result['peak_rss_mib'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
print(json.dumps(result))
'''


def add_fault(emulator, rule):
    root = emulator.base_url[:-len('/v1')]
    request = Request(root + '/_emulator/faults', data=json.dumps(rule).encode('utf-8'), method='POST',
                      headers={'Content-Type': 'application/json'})
    with urlopen(request, timeout=30) as response:
        response.read()


def list_once(collections_dir, emulator):
    output = subprocess.run([sys.executable, '-c', LISTING, collections_dir, emulator.base_url, KEY], check=True,
                            stdout=subprocess.PIPE, universal_newlines=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    stats = emulator.stats()
    result['requests'] = stats['requests']
    result['pages_per_second'] = round(stats['requests'] / max(result['seconds'], 0.1), 1)
    return result


def endless(collections_dir):
    with EmulatorProcess(containers=0, api_key=KEY) as emulator:
        # (reset_stats clears the faults too: the rule comes after it.)
        emulator.reset_stats()
        add_fault(emulator, {'times': None, 'action': {'type': 'endless_list'}})
        return list_once(collections_dir, emulator)


def complete(collections_dir, containers):
    with EmulatorProcess(containers=containers, api_key=KEY) as emulator:
        emulator.reset_stats()
        return list_once(collections_dir, emulator)


def main(collections_dir, which='both', containers='100000'):
    if which in ('endless', 'both'):
        print(json.dumps(dict(endless(collections_dir), listing='endless_list')))
    if which in ('complete', 'both'):
        print(json.dumps(dict(complete(collections_dir, int(containers)), listing='%s containers' % containers)))


if __name__ == '__main__':
    main(*sys.argv[1:4])
