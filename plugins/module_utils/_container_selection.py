# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Which containers a bulk module (container_prune, container_archive) acts on: the IDs the caller
# gave, the stale ones of the module's own listing, or the given IDs that are stale. One definition
# of the options (doc fragment llmops.openai.selection) and of the rule, for every bulk module.

import time

from ansible_collections.llmops.openai.plugins.module_utils._container_time import stale_containers
from ansible_collections.llmops.openai.plugins.module_utils._containers import check_id_option
from ansible_collections.llmops.openai.plugins.module_utils._listing_walks import usable_id
from ansible_collections.llmops.openai.plugins.module_utils._options import DEFAULT_IDLE_THRESHOLD_MINUTES

# How many failed containers the message of a bulk module names (all of them are in its result).
FAILURES_SHOWN = 3


def failures_message(failures, attempted, what, the_others):
    """'N of M WHAT failed (id: why; id: why; id: why; and K more); THE_OTHERS': the task's message when
    some of the selected containers failed; ``failures`` are their 'id: why' texts."""
    more = len(failures) - FAILURES_SHOWN
    return '%d of %d %s failed (%s%s); %s' % (
        len(failures), attempted, what, '; '.join(failures[:FAILURES_SHOWN]), '; and %d more' % more if more > 0 else '',
        the_others)


STALENESS_ARGUMENT_SPEC = dict(
    stale=dict(type='bool', default=False),
    idle_threshold_minutes=dict(type='float', default=float(DEFAULT_IDLE_THRESHOLD_MINUTES)),
    max_age_days=dict(type='float'),
    now=dict(type='float'),
)


class ContainerSelection:
    """The selection options of one module run, checked before any request.

    ``ids_option`` is the name of the module's option holding the caller's IDs (V(ids) for
    container_prune, V(container_ids) for container_archive); ``what`` says what the selection is
    for, in the message when nothing is selected.
    """

    def __init__(self, module, ids_option, what):
        params = module.params
        self.stale = params['stale']
        self.ids = self._given_ids(module, ids_option)
        if self.ids is None and not self.stale:
            module.fail_json(msg="one of the options '%s' or 'stale=true' is required: nothing is selected for %s" % (ids_option, what))
        self.now = params['now'] if params['now'] is not None else time.time()
        self.idle_threshold_minutes = params['idle_threshold_minutes']
        self.max_age_days = params['max_age_days']
        try:
            stale_containers([], self.now, self.idle_threshold_minutes, self.max_age_days)
        except (TypeError, ValueError) as exc:
            module.fail_json(msg='staleness criteria: %s' % exc)

    @staticmethod
    def _given_ids(module, option):
        """The caller's IDs, each once, in order; None when the option is not set."""
        ids = module.params[option]
        if ids is None:
            return None
        if any(not container_id for container_id in ids):
            module.fail_json(msg="option '%s': must not contain empty IDs" % option)
        module.option_guard(lambda: [check_id_option(option, container_id) for container_id in ids])
        return list(dict.fromkeys(ids))

    def select(self, containers, result):
        """The IDs to act on: the caller's, or the stale ones of ``containers`` (the module's listing),
        optionally only among the caller's. Adds ``stale`` and ``not_stale`` to ``result`` as documented."""
        if not self.stale:
            return self.ids
        stale = [found for found in stale_containers(containers, self.now, self.idle_threshold_minutes, self.max_age_days)
                 if usable_id(found['id'])]
        if self.ids is not None:
            wanted = set(self.ids)
            stale = [found for found in stale if found['id'] in wanted]
            chosen = set(found['id'] for found in stale)
            result['not_stale'] = [container_id for container_id in self.ids if container_id not in chosen]
        result['stale'] = stale
        return [found['id'] for found in stale]
