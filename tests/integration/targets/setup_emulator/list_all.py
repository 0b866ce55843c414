# An independent listing of the emulator (plain requests loop, limit=100) that the tests compare
# the collection's results against. Prints the containers as JSON.
import json
import sys

import requests

base_url, api_key = sys.argv[1:3]
session = requests.Session()
session.headers['Authorization'] = 'Bearer ' + api_key
containers, params = [], {'limit': 100, 'order': 'desc'}
while True:
    page = session.get(base_url + '/containers', params=params, timeout=30).json()
    containers.extend(page['data'])
    if not page['has_more'] or not page['data']:
        break
    params['after'] = page['data'][-1]['id']
json.dump(containers, sys.stdout)
