# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The round trip the latency targets are counted in: the median wall time of one page request
# (limit=100) over a warm keep-alive connection, measured in its own process.
# Usage: python round_trip.py BASE_URL API_KEY [REQUESTS]; prints {"round_trip_s": ...}.

import json
import statistics
import sys
import time

import requests


def main(base_url, api_key, count=21):
    session = requests.Session()
    session.headers['Authorization'] = 'Bearer %s' % api_key
    session.get(base_url + '/containers', params={'limit': 100}).raise_for_status()
    walls = []
    for dummy in range(int(count)):
        started = time.perf_counter()
        response = session.get(base_url + '/containers', params={'limit': 100})
        response.raise_for_status()
        response.json()
        walls.append(time.perf_counter() - started)
    print(json.dumps({'round_trip_s': statistics.median(walls)}))


if __name__ == '__main__':
    main(*sys.argv[1:])
