# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# The plugin-side front end: what the inventory plugin and the event source do alike around the
# shared client, as OpenAIModule (module_utils/_module.py) does for the modules. Templated options
# (only credentials), the cache of the raw answer (its key and codec), the failure policy of a
# listing of several projects, and the conversion of every error into one message that names the
# plugin and holds no secret. It runs on the controller only, hence plugin_utils.

import hashlib
import json
import time

from contextlib import contextmanager

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_native, to_text

from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OpenAIError
from ansible_collections.llmops.openai.plugins.module_utils._text import did_you_mean, error_text, printable
from ansible_collections.llmops.openai.plugins.module_utils._options import LISTING_QUERY_OPTION_NAMES
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import CACHE_FORMAT, secrets_of

# Only the credentials may be templates (a vault variable, an environment lookup): nothing else from
# the configuration is ever evaluated, and nothing from the API is. The values of `headers` count as
# credentials (a gateway token).
TEMPLATABLE_OPTIONS = ('api_key', 'organization', 'project', 'headers')
# What an entry of keyed_groups may set (ansible-core's constructed options).
KEYED_GROUP_KEYS = ('key', 'prefix', 'separator', 'parent_group', 'default_value', 'trailing_separator')


class PluginFront:
    """One plugin's conversation with its user: its projects and their secrets, its warnings and its
    errors, every one of them starting with the plugin's ``name`` and holding no secret.

    ``warn`` prints one finished warning (the inventory's display.warning, the event source's logger).
    """

    def __init__(self, name, warn):
        self.name = name
        self._warn = warn
        self.specs = []
        self.secrets = []

    def use_projects(self, specs):
        """The projects (ProjectSpecs) of the options: from now on their secrets are redacted."""
        self.specs = specs
        self.secrets = secrets_of(specs)

    @property
    def project_names(self):
        return [spec.name for spec in self.specs]

    # -- error wrapping ---------------------------------------------------------------------------

    def text_of(self, exc, unexpected=False):
        """The message of an error, without any secret of the projects: error_text (module_utils/_text.py),
        the one redaction the modules' front end (OpenAIModule.fail_from) uses too. ``unexpected`` (a bug
        or an unforeseen failure) puts its kind first."""
        return error_text(exc, self.secrets, unexpected)

    def message(self, exc, unexpected=False):
        """Every error of a plugin starts with its name (docs/docsite/rst/troubleshooting.rst) and holds no key."""
        text = self.text_of(exc, unexpected)
        return text if text.startswith(self.name) else '%s: %s' % (self.name, text)

    @contextmanager
    def errors_as(self, error_class):
        """Turn every exception of the block into one ``error_class`` with a message of this plugin.

        ``from None``: the exception it replaces, unredacted, is not chained to it, so no traceback
        Ansible shows (ANSIBLE_DISPLAY_TRACEBACK) quotes that one's message."""
        try:
            yield
        except (AnsibleError, OpenAIError) as exc:
            # Ansible's own errors (the file, compose/keyed_groups with strict) get the plugin's name too.
            raise error_class(self.message(exc)) from None
        except Exception as exc:  # pylint: disable=broad-except
            # Never a traceback that could show the key: the message, redacted, and its kind.
            raise error_class(self.message(exc, unexpected=True)) from None

    # -- warnings ---------------------------------------------------------------------------------

    def warn(self, text):
        self._warn('%s: %s' % (self.name, text))

    def warn_once(self, warnings):
        """Each distinct warning once, however many projects share it (the connection settings')."""
        for warning in sorted(set(warnings), key=warnings.index):
            self.warn(warning)

    def warn_listings(self, answer):
        """The warnings of each project's listing in an answer of fetch_projects, in configuration order."""
        for name in self.project_names:
            for warning in (answer['projects'].get(name) or {}).get('warnings') or []:
                self.warn('project %s: %s' % (name, warning))

    # -- failure policy ---------------------------------------------------------------------------

    def settle_failures(self, answer, failures, stale, skip_failed):
        """What a listing of several projects does with the projects that failed (ProjectFailures):
        the project's part of ``stale`` (an older answer, or None) with a warning that says its age,
        else a warning and no hosts of it with ``skip_failed``, else an OpenAIError naming the project
        (the plugin fails: errors_as makes it the plugin's error, redacted there). ``answer`` gets the
        stale parts."""
        for failure in failures:
            where = '' if len(self.specs) == 1 else "project '%s': " % failure.name
            cached = (stale or {}).get('projects', {}).get(failure.name)
            if cached is not None:
                self.warn('using the cached answer of %s: %s%s' % (
                    time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(stale.get('fetched_at', 0))), where, self.text_of(failure.error)))
                answer['projects'][failure.name] = cached
            elif skip_failed:
                self.warn('skipping %s%s' % (where, self.text_of(failure.error)))
            else:
                raise OpenAIError(where + to_native(failure.error))


# -- templated options ------------------------------------------------------------------------------


def templated(value, templar):
    """A credential that is a template (vault variable, lookup) is rendered; anything else is returned as is."""
    if isinstance(value, dict):
        # `headers`: its values are rendered, its names never.
        return dict((name, templated(item, templar) if isinstance(item, str) else item) for name, item in value.items())
    if isinstance(value, str) and templar.is_template(value):
        value = templar.template(value)
    return None if value is None else to_text(value)


def templated_options(options, templar):
    """``options`` (the top level or an entry of `projects`) with its TEMPLATABLE_OPTIONS rendered."""
    options = dict(options)
    for name in TEMPLATABLE_OPTIONS:
        if name in options:
            options[name] = templated(options[name], templar)
    return options


# -- the cache of the raw answer ------------------------------------------------------------------


def cache_fingerprint(specs, listing_options):
    """A digest of what the cached answer depends on: each project's endpoint and identity and the
    listing options that shape the answer (not the bounds max_pages and listing_timeout). The API key
    and the extra headers enter only as their SHA-256, so neither the cache key nor the cache entry
    ever holds them."""
    identity = {
        'projects': [
            [spec.name, spec.settings.base_url, spec.settings.organization, spec.settings.project,
             spec.settings.auth_header, _digest(spec.settings.api_key), _digest(json.dumps(spec.settings.headers, sort_keys=True))]
            for spec in specs],
        'listing': [getattr(listing_options, name) for name in LISTING_QUERY_OPTION_NAMES],
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode('utf-8')).hexdigest()[:16]


def _digest(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def encode_answer(answer):
    """The cache holds the answer as one JSON text: cheap to store and compare, and no cache plugin's
    decoder can turn API data into anything but plain strings, numbers, lists and dicts."""
    return json.dumps(answer, separators=(',', ':'))


def decode_answer(text):
    """The answer from a cache entry, or None when it is missing, unreadable or of another layout."""
    if not isinstance(text, str):
        return None
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get('format') != CACHE_FORMAT or not isinstance(answer.get('projects'), dict):
        return None
    return answer


def read_cache(cache, key, warn):
    """The text a cache plugin holds under ``key``, or None. An unreadable entry is a miss, not a
    failure: the API is asked instead, after a warning (``warn``)."""
    try:
        return cache[key]
    except KeyError:
        return None
    except Exception as exc:  # pylint: disable=broad-except
        warn('ignoring an unreadable cache entry: %s' % to_native(exc))
        return None


# -- inventory files -------------------------------------------------------------------------------


def config_warnings(config, option_names):
    """Warnings for what an inventory file sets that nothing reads: a misspelt option
    (``page_sise``), a misspelt key of a keyed_groups entry (``prefx``, which makes groups named
    ``_running``), a keyed group without ``key``, or a groups/compose entry that is a mapping
    instead of a Jinja string. Ansible itself ignores them silently."""
    warnings = []
    for key in config:
        if key not in option_names:
            warnings.append(_unknown_key('option %s' % _quoted(key), key, option_names))
    keyed_groups = config.get('keyed_groups')
    for index, entry in enumerate(keyed_groups if isinstance(keyed_groups, list) else []):
        if not isinstance(entry, dict):
            continue
        where = 'keyed_groups[%d]' % index
        for key in entry:
            if key not in KEYED_GROUP_KEYS:
                warnings.append(_unknown_key('key %s in %s' % (_quoted(key), where), key, KEYED_GROUP_KEYS))
        if 'key' not in entry:
            warnings.append('%s has no "key": it makes no group' % where)
    for option, what in (('groups', 'a Jinja test'), ('compose', 'a Jinja expression')):
        entries = config.get(option)
        for name, value in (entries.items() if isinstance(entries, dict) else ()):
            if isinstance(value, dict):
                got = 'a mapping with the key(s) %s' % ', '.join(_quoted(key) for key in value)
            elif isinstance(value, list):
                got = 'a list'
            else:
                continue
            warnings.append('%s.%s must be %s (a string), got %s: it is ignored' % (option, printable(str(name)), what, got))
    return warnings


def _unknown_key(what, key, known):
    return 'unknown %s%s: it is ignored' % (what, did_you_mean(key, known))


def _quoted(key):
    return "'%s'" % printable(str(key))
