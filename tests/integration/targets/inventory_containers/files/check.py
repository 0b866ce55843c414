"""Assertions on `ansible-inventory --list` output for runme.sh (stdlib only).

Usage: python check.py COMMAND LIST_JSON [ARGS...] [-- COMMAND LIST_JSON [ARGS...]]...; exits non-zero with a
message at the first check that fails. Several checks in one process: a Python start-up per check cost more
CPU than the checks themselves.
"""

import json
import sys
import time

IDLE = 'openai_container_idle_seconds'


def load(path):
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)


def plain(value):
    """The value without the __ansible_unsafe markers ansible-inventory writes for unsafe strings."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def normalize(listing):
    """Everything but idle_seconds (it depends on the clock) and the output profile (2.19+ only)."""
    listing = json.loads(json.dumps(listing))
    meta = listing.setdefault('_meta', {})
    meta.pop('profile', None)
    for host_vars in meta.get('hostvars', {}).values():
        host_vars.pop(IDLE, None)
    for name, group in listing.items():
        if name != '_meta':
            for key in ('hosts', 'children'):
                if key in group:
                    group[key] = sorted(plain(group[key]))
    return listing


def hostvars(listing):
    return listing['_meta']['hostvars']


def fail(message):
    sys.stderr.write('CHECK FAILED: %s\n' % message)
    sys.exit(1)


def check_golden(listing, golden_path, started):
    """Compare with the golden file, then assert idle_seconds against the clock separately."""
    if normalize(listing) != normalize(load(golden_path)):
        fail('the inventory differs from %s:\n%s' % (golden_path, json.dumps(normalize(listing), indent=1, sort_keys=True)[:4000]))
    finished = time.time()
    for host, host_vars in hostvars(listing).items():
        last_active = plain(host_vars.get('openai_container_last_active_at'))
        idle = host_vars.get(IDLE)
        if last_active is None:
            if idle is not None:
                fail('%s has no last_active_at but idle_seconds %r' % (host, idle))
        elif not started - last_active - 1 <= idle <= finished - last_active + 1:
            fail('%s: idle_seconds %r is not now - last_active_at (%s)' % (host, idle, last_active))


def check_hosts(listing, count):
    hosts = hostvars(listing)
    if len(hosts) != int(count):
        fail('expected %s hosts, got %d' % (count, len(hosts)))


def check_group(listing, group, count):
    hosts = listing.get(group, {}).get('hosts', [])
    if len(hosts) != int(count):
        fail('expected %s hosts in group %s, got %d: %s' % (count, group, len(hosts), hosts))


def check_var(listing, host, name, expected):
    value = plain(hostvars(listing).get(host, {}).get(name))
    if value != json.loads(expected):
        fail('%s of %s is %r, expected %s' % (name, host, value, expected))


def check_members(listing, group, expected):
    """The group's direct hosts and child groups are exactly the JSON lists given (order aside)."""
    entry = listing.get(group, {})
    for key, names in zip(('hosts', 'children'), json.loads(expected)):
        if sorted(plain(entry.get(key, []))) != sorted(names):
            fail('%s of group %s: expected %s, got %s' % (key, group, sorted(names), sorted(plain(entry.get(key, [])))))


def check_exact_vars(listing, host, expected):
    """The host's variables are exactly the JSON object given: nothing added, nothing changed."""
    value = plain(hostvars(listing).get(host))
    if value != json.loads(expected):
        fail('the variables of %s are %r, expected exactly %s' % (host, value, expected))


def check_no_host(listing, host):
    if host in hostvars(listing):
        fail('%s is a host of the inventory' % host)


def check_no_group(listing, group):
    if group in listing:
        fail('%s is a group of the inventory' % group)


def check_no_control_characters(paths):
    """No raw C0/C1 control character (but tab and newline), DEL or ESC in the given output files."""
    for path in paths:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        raw = sorted(set(char for char in text if (ord(char) < 32 and char not in '\t\n') or 0x7f <= ord(char) <= 0x9f))
        if raw:
            fail('raw control characters %r reached %s' % (raw, path))


def check_unsafe(listing, host, name):
    """The variable is present and marked unsafe in the output (it came from the API)."""
    value = hostvars(listing).get(host, {}).get(name)
    if not (isinstance(value, dict) and set(value) == {'__ansible_unsafe'}):
        fail('%s of %s is not marked unsafe: %r' % (name, host, value))


def check_all_match(listing, name, expected):
    """Every host's variable ``name`` is in the JSON list ``expected``."""
    allowed = json.loads(expected)
    for host, host_vars in hostvars(listing).items():
        if plain(host_vars.get(name)) not in allowed:
            fail('%s of %s is %r, not one of %s' % (name, host, plain(host_vars.get(name)), expected))


def check_collisions(listing):
    """With hostnames [name, id] every container is there once, as <name>_<id>: repeated names need no
    collision rule, and no host name can be a name another source defines (issue 19)."""
    ids = [plain(host_vars['openai_container_id']) for host_vars in hostvars(listing).values()]
    if len(ids) != len(set(ids)):
        fail('a container appears twice')
    names = {}
    for host, host_vars in hostvars(listing).items():
        name, container_id = plain(host_vars['openai_container_name']), plain(host_vars['openai_container_id'])
        names.setdefault(name, []).append(host)
        if host != '%s_%s' % (name, container_id):
            fail('the container %s named %r is the host %r, not <name>_<id>' % (container_id, name, host))
    if not [hosts for hosts in names.values() if len(hosts) > 1]:
        fail('the seed has no repeated name: the collision rule is not exercised')


def check_same(listing, other_path):
    """The same inventory as another --list output: hosts (so names, which follow the API order), groups, variables."""
    if normalize(listing) != normalize(load(other_path)):
        fail('the inventory differs from %s' % other_path)


def main(argv):
    """Runs the checks separated by '--', in order."""
    start = 0
    for end in [index for index, arg in enumerate(argv) if arg == '--'] + [len(argv)]:
        run_check(argv[start:end])
        start = end + 1


def run_check(argv):
    if argv[0] == 'no-control-characters':
        return check_no_control_characters(argv[1:])
    command, listing = argv[0], load(argv[1])
    args = argv[2:]
    commands = {
        'golden': lambda: check_golden(listing, args[0], float(args[1])),
        'hosts': lambda: check_hosts(listing, *args),
        'group': lambda: check_group(listing, *args),
        'var': lambda: check_var(listing, *args),
        'unsafe': lambda: check_unsafe(listing, *args),
        'members': lambda: check_members(listing, *args),
        'no-host': lambda: check_no_host(listing, *args),
        'no-group': lambda: check_no_group(listing, *args),
        'exact-vars': lambda: check_exact_vars(listing, *args),
        'all-match': lambda: check_all_match(listing, *args),
        'collisions': lambda: check_collisions(listing),
        'same': lambda: check_same(listing, *args),
        'normalize': lambda: print(json.dumps(normalize(listing), indent=1, sort_keys=True)),
    }
    commands[command]()


if __name__ == '__main__':
    main(sys.argv[1:])
