# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Benchmark tool (a), the floor: a plain requests.Session loop over the pages, limit=100, no validation.
# Usage: python floor_requests.py BASE_URL API_KEY; prints {"containers": N} as JSON.

import json
import sys

import requests


def main(base_url, api_key):
    session = requests.Session()
    session.headers['Authorization'] = 'Bearer %s' % api_key
    count = 0
    params = {'limit': 100}
    while True:
        response = session.get(base_url + '/containers', params=params)
        response.raise_for_status()
        page = response.json()
        count += len(page['data'])
        if not page['has_more'] or not page['data']:
            break
        params['after'] = page['data'][-1]['id']
    print(json.dumps({'containers': count}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
