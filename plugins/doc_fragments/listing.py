# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

class ModuleDocFragment:

    # The listing options, the same for modules and plugins (with PAGE_SIZE below).
    DOCUMENTATION = r'''
options:
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
      - Only containers with this name. Sent to the API as its filter, and checked on every container that comes back;
        a gateway or proxy that drops the filter cannot widen the result (a warning then says how many were left out).
    type: str
  max_pages:
    description:
      - Fail when the API still says it has more after this many pages, instead of paging forever through a server
        that never ends the listing. Nothing is returned then, as a listing is complete or fails.
      - Pages larger than O(page_size) (possible with O(schema_validation=warn) or V(off)) count by what they hold;
        a listing fails once it has more than O(max_pages) times O(page_size) containers.
      - A listing from both ends (O(walk_both_ends)) may send up to three requests more than one cursor would;
        max_pages allows for those three.
      - The default, 2000, allows 200,000 containers at O(page_size=100), twice a project of 100,000 containers
        (about what a play can hold in memory), while a server that never ends its listing, at 100 pages per second,
        makes the listing fail within about 20 seconds, holding about 250 MB (measured with C(benchmarks/listing_bounds.py)).
        Raise it together with a small O(page_size), or for a larger project.
    type: int
    default: 2000
    version_added: 1.1.0
  listing_timeout:
    description:
      - Fail when the whole listing (every page, retries included) has not finished after this many seconds.
        Checked before each page; a single request is bounded by O(timeout) and O(max_retries).
      - The default, 10 minutes, allows 1,000 pages (100,000 containers) at 0.6 seconds per page, several times
        what the API takes per page; it bounds a server that sends pages slowly, which O(max_pages) alone would
        let run for hours.
      - In the inventory plugin each project has its own listing_timeout, counted from its own first request.
    type: float
    default: 600
    version_added: 1.1.0
  walk_both_ends:
    description:
      - Walk a complete listing (neither O(after) nor O(max_results) set) from both ends at once, newest
        first and oldest first, over two connections of the same session, until the two walks meet. The
        result is the same as with one cursor (the same containers, in the O(order) asked for, each once)
        in about half the round trips; a listing of one page costs one request, any listing at most three
        requests more than one cursor.
      - The two walks rest on more than one cursor does, that V(asc) lists exactly in the reverse of V(desc).
        They check it as the pages come. Each walk's pages sorted by C(created_at) in its order, the second
        walk starting at the far end, and no container of the same C(created_at) as the one where they meet.
        Containers created in the same second may come in any order, so the second walk stops at the first
        two of the same C(created_at) and the first walk goes on alone until it meets what the second kept.
        When a check fails, the second walk is left and the first finishes alone, as one cursor. Either way
        the result is exactly what one cursor returns. A server that did not honour an order (for example a
        gateway that ignores C(order)) gets a warning naming it; ties and containers without C(created_at) do not.
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

    # The one listing option of every module that lists (M(llmops.openai.container) lists by name,
    # M(llmops.openai.container_prune) lists to select), so that it may sit in the group's module_defaults.
    PAGE_SIZE = r'''
options:
  page_size:
    description:
      - How many containers to ask for per request (sent as the API's C(limit)), from 1 to 100.
      - Every page is fetched over the same connection until the API says there are no more.
      - Accepted by every module of the C(group/llmops.openai.openai) action group, so it can be set in
        C(module_defaults) for the whole group.
    type: int
    default: 100
'''

    # The listing options of a container's files (M(llmops.openai.container_file_info)): those of the
    # containers' listing without the filter and the cursor, with PAGE_SIZE.
    FILES = r'''
options:
  max_results:
    description:
      - Stop after this many files. By default every file of the container is returned.
    type: int
  order:
    description:
      - Sort order by creation time.
    type: str
    choices: [asc, desc]
    default: desc
  max_pages:
    description:
      - Fail when the API still says it has more after this many pages, instead of paging forever through a server
        that never ends the listing. Nothing is returned then, as a listing is complete or fails.
      - Pages larger than O(page_size) count by what they hold; a listing fails once it has more than O(max_pages)
        times O(page_size) files.
      - A listing from both ends (O(walk_both_ends)) may send up to three requests more than one cursor would.
      - The same default as the containers' listing (see M(llmops.openai.container_info)).
    type: int
    default: 2000
  listing_timeout:
    description:
      - Fail when the whole listing (every page, retries included) has not finished after this many seconds.
        Checked before each page; a single request is bounded by O(timeout) and O(max_retries).
    type: float
    default: 600
  walk_both_ends:
    description:
      - Walk a complete listing (O(max_results) not set) from both ends at once, newest first and oldest first,
        until the two walks meet. The result is the same as with one cursor (the same files, in the O(order)
        asked for, each once) in about half the round trips.
      - Set V(false) for a server or proxy that cannot take two concurrent requests.
    type: bool
    default: true
'''
