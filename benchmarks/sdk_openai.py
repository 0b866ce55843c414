# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Benchmark tool (b): the official openai SDK, client.containers.list(limit=100) iterated to the end.
# Usage: python sdk_openai.py BASE_URL API_KEY; prints {"containers": N} as JSON.

import json
import sys

import openai


def main(base_url, api_key):
    client = openai.OpenAI(api_key=api_key, base_url=base_url)
    count = 0
    for dummy in client.containers.list(limit=100):
        count += 1
    print(json.dumps({'containers': count}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
