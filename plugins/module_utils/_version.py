# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Kept in step with galaxy.yml by a unit test; it names the collection in the User-Agent.

COLLECTION_NAME = 'llmops.openai'
COLLECTION_VERSION = '1.3.0'
