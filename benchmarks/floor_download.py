# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Benchmark tool, the floor of a download: a plain requests streaming download to disk, 1 MiB at a
# time, no checks, no hash, no temporary file.
# Usage: python floor_download.py CONTENT_URL API_KEY DEST; prints {"bytes": N} as JSON.

import json
import sys

import requests


def main(url, api_key, dest):
    size = 0
    with requests.get(url, headers={'Authorization': 'Bearer %s' % api_key}, stream=True, timeout=600) as response:
        response.raise_for_status()
        with open(dest, 'wb') as stream:
            for chunk in response.iter_content(1024 * 1024):
                stream.write(chunk)
                size += len(chunk)
    print(json.dumps({'bytes': size}))


if __name__ == '__main__':
    main(*sys.argv[1:4])
