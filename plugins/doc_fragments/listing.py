# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    # The listing options, the same for modules and plugins.
    DOCUMENTATION = r'''
options:
  page_size:
    description:
      - How many containers to ask for per request (sent as the API's C(limit)), from 1 to 100.
      - Every page is fetched over the same connection until the API says there are no more.
    type: int
    default: 100
  max_results:
    description:
      - Stop after this many containers. By default every container is returned.
    type: int
  order:
    description:
      - Sort order by creation time.
    type: str
    choices: [asc, desc]
    default: desc
  after:
    description:
      - Start the listing after the container with this ID (a cursor).
    type: str
  name:
    description:
      - Only containers with this name (a filter applied by the API).
    type: str
  walk_both_ends:
    description:
      - Walk a complete listing (neither O(after) nor O(max_results) set) from both ends at once, newest
        first and oldest first, over two connections of the same session, until the two walks meet. The
        result is the same as with one cursor (the same containers, in the O(order) asked for, each once)
        in about half the round trips; a listing of one page costs one request, any listing at most two
        requests more than one cursor.
      - Containers created while the listing runs are not returned (the next listing sees them; with O(order=asc),
        one created before the second round of requests may be); containers deleted meanwhile may or may not be;
        every other container is returned exactly once, in order.
      - Set V(false) for a server or proxy that cannot take two concurrent requests. O(after) and
        O(max_results) always use one cursor.
      - The retries (O(max_retries)), the loop guard against repeated cursors and O(schema_validation)
        apply to each walk.
    type: bool
    default: true
    version_added: 1.1.0
'''
