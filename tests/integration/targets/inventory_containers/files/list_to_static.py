"""Turn `ansible-inventory --list` output into a static inventory in the YAML plugin's layout (as JSON).

Used by the benchmark: the same hosts, groups and variables as the plugin produced, as a file.
Usage: python list_to_static.py LIST_JSON STATIC_JSON
"""

import json
import sys


def convert(listing):
    hostvars = listing.get('_meta', {}).get('hostvars', {})

    def group(name):
        entry = listing.get(name, {})
        result = {}
        hosts = entry.get('hosts') or []
        if hosts:
            result['hosts'] = dict((host, hostvars.get(host) or None) for host in hosts)
        children = [child for child in entry.get('children') or [] if child != 'ungrouped']
        if children:
            result['children'] = dict((child, group(child)) for child in children)
        if entry.get('vars'):
            result['vars'] = entry['vars']
        return result

    return {'all': group('all')}


def main(source, target):
    with open(source, encoding='utf-8') as handle:
        listing = json.load(handle)
    with open(target, 'w', encoding='utf-8') as handle:
        json.dump(convert(listing), handle)


if __name__ == '__main__':
    main(*sys.argv[1:3])
