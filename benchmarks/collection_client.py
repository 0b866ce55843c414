# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Benchmark tools (c) and (c1): the collection's client library lists everything, strict schema
# validation on, walking from both ends (c, the default) or with one cursor (c1).
# Usage: python collection_client.py COLLECTIONS_DIR BASE_URL API_KEY [both|one]
# COLLECTIONS_DIR holds ansible_collections/llmops/openai; prints {"containers": N, "engine": ...}.

import json
import sys


def main(collections_dir, base_url, api_key, walks='both'):
    sys.path.insert(0, collections_dir)
    # pylint: disable=import-outside-toplevel
    from ansible_collections.llmops.openai.plugins.module_utils._api.client import ApiClient, ConnectionSettings
    from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions, list_containers
    from ansible_collections.llmops.openai.plugins.module_utils._schema import SchemaValidator

    client = ApiClient(ConnectionSettings(api_key=api_key, base_url=base_url))
    validator = SchemaValidator('strict')
    try:
        listing = list_containers(client, ListingOptions(page_size=100, walk_both_ends=walks == 'both'), validator)
    finally:
        client.close()
    print(json.dumps({'containers': len(listing.items), 'engine': validator.engine}))


if __name__ == '__main__':
    main(*sys.argv[1:5])
