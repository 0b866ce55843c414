"""Talk to the emulator's control API (/_emulator/...) for runme.sh (stdlib only; loopback only).

Usage: python control.py BASE_URL stats | requests | reset | faults JSON | applied | containers JSON | update ID JSON
(applied: how many requests the fault rules have fired on; update: set fields of a stored container)
"""

import json
import sys
import urllib.request


def call(base_url, method, route, body=None):
    root = base_url.rsplit('/v1', 1)[0]
    if not root.startswith(('http://127.0.0.1:', 'https://127.0.0.1:')):
        raise SystemExit('refusing to talk to %s: the emulator is on 127.0.0.1' % root)
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = urllib.request.Request(root + '/_emulator/' + route, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main(base_url, command, argument=None, fields=None):
    if command == 'stats':
        print(json.dumps(call(base_url, 'GET', 'stats')))
    elif command == 'requests':
        print(call(base_url, 'GET', 'stats')['requests'])
    elif command == 'reset':
        call(base_url, 'POST', 'reset')
    elif command == 'faults':
        call(base_url, 'POST', 'faults', json.loads(argument))
    elif command == 'applied':
        print(sum(rule['applied'] for rule in call(base_url, 'GET', 'faults')['faults']))
    elif command == 'containers':
        call(base_url, 'POST', 'containers', json.loads(argument))
    elif command == 'update':
        call(base_url, 'PATCH', 'containers/' + argument, json.loads(fields))
    else:
        raise SystemExit('unknown command %s' % command)


if __name__ == '__main__':
    main(*sys.argv[1:])
