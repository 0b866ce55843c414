# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# How the inventory plugin llmops.openai.containers turns containers into hosts: which containers
# become hosts (filters), their host names, the groups of other sources they may not join (the
# group guard), and their host variables. No network and no Ansible objects here: what needs the
# plugin's own objects (marking data unsafe, evaluating Jinja, sanitizing group names) is passed in.

import re
import weakref

from ansible_collections.llmops.openai.plugins.module_utils._container_time import expires_at, idle_seconds
from ansible_collections.llmops.openai.plugins.module_utils._containers import first_and_more, short_repr
from ansible_collections.llmops.openai.plugins.module_utils._api.errors import OptionError
from ansible_collections.llmops.openai.plugins.module_utils._text import printable

FILTER_KEYS = ('include', 'exclude')
# The names the implicit localhost answers to: a container never takes them (it would become localhost).
LOCALHOST_NAMES = ('localhost', '127.0.0.1', '::1')
# The groups every inventory has: a host of that name would answer to `hosts: all`.
IMPLICIT_GROUPS = ('all', 'ungrouped')
# The shape of the API's container ids: 'cntr_' then hex (OpenAI), or then base64url-like text of
# about 240 characters (LiteLLM's composite ids). Only an id of this shape names a host: an id a
# server chose freely ('db01', 'web') could be a host or group that a source parsed later defines.
CONTAINER_ID = re.compile(r'cntr_[A-Za-z0-9_-]+\Z')
MAX_CONTAINER_ID_LENGTH = 512
# Variables Ansible gives a meaning of their own: every ansible_* (connection, become, interpreter,
# facts), the special variables, and the template globals that a host variable would hide. API data
# never sets one, whatever variable_prefix is; compose, written by the user, may.
RESERVED_VARIABLE_PREFIX = 'ansible_'
MAGIC_VARIABLES = frozenset((
    'environment', 'group_names', 'groups', 'hostvars', 'inventory_dir', 'inventory_file', 'inventory_hostname',
    'inventory_hostname_short', 'lookup', 'now', 'omit', 'play_hosts', 'playbook_dir', 'q', 'query', 'role_name',
    'role_names', 'role_path', 'undef', 'vars',
    # Jinja's own globals: a host variable of that name hides them in every template of the play.
    'range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace'))

# The warnings for a name GroupGuard refused (keyed_groups are named after API data).
REFUSED_GROUP = ("left the group '%s' unchanged: another inventory source defined it, and this source would have "
                 "added containers to it or nested it under a group of containers")
REFUSED_HOST_NAME = ("made no group '%s': it is the name of a host this source did not create, and a host pattern "
                     "would then select this source's containers instead of that host")
REFUSED_OWN_HOST_NAME = "made no group '%s': it is the name of a host of this source, which a host pattern would select too"
ALLOW_HINT = '; list it in join_existing_groups to allow that'


def parse_filters(filters):
    """Check the `filters` option (the community.library_inventory_filtering_v1 convention) and
    return it as a list of (include: bool, condition: str or bool)."""
    parsed = []
    for index, entry in enumerate(filters or []):
        where = 'filters[%d]' % index
        if not isinstance(entry, dict) or len(entry) != 1:
            raise OptionError(where, 'must be a dictionary with exactly one key, include or exclude')
        key, condition = list(entry.items())[0]
        if key not in FILTER_KEYS:
            raise OptionError(where, 'must have an include or exclude key, not %r' % (key,))
        if not isinstance(condition, (str, bool)):
            raise OptionError(where, '%s must be a string (a Jinja test) or a boolean' % key)
        parsed.append((key == 'include', condition))
    return parsed


def accept_host(filters, evaluate):
    """Apply parsed filters in order: the first condition that is true decides; no match includes.

    ``evaluate(condition)`` turns a condition string into a bool (the plugin renders it with Jinja).
    """
    for include, condition in filters:
        if condition if isinstance(condition, bool) else evaluate(condition):
            return include
    return True


def is_container_id(value):
    """Whether ``value`` has the shape of the API's container ids (CONTAINER_ID)."""
    return isinstance(value, str) and len(value) <= MAX_CONTAINER_ID_LENGTH and CONTAINER_ID.match(value) is not None


class Unnamed(Exception):
    """A container that gets no host: ``reason`` is 'id' (its id does not have the API's shape) or
    'reserved' (every name it could take is a group of this source or in use)."""

    def __init__(self, container, reason):
        super(Unnamed, self).__init__(reason)
        self.reason = reason
        self.label = 'id %s (name %s)' % (printable(short_repr(container.get('id'), 80)), printable(short_repr(container.get('name'), 80)))


class SourceGroups:
    """The names the constructed options of one source give groups, known before any host is named.

    ``names``: the groups of ``groups`` and the ``parent_group`` of each keyed group, and all and
    ungrouped; ``prefixes``: what every group of a keyed group starts with (prefix and separator, as
    Ansible joins them). A host name among them is refused: with a container named ``stale``,
    ``hosts: stale`` would select that live container instead of the group. A keyed group without a
    prefix can make any name: GroupGuard then refuses a group named like a host of this source.
    """

    def __init__(self, names=(), prefixes=()):
        self.names = frozenset(names) | frozenset(IMPLICIT_GROUPS)
        self.prefixes = tuple(sorted(set(prefix for prefix in prefixes if prefix)))

    @classmethod
    def from_options(cls, groups, keyed_groups, leading_separator, sanitize):
        """``sanitize`` is the plugin's group name sanitizer, so the names are the ones Ansible makes."""
        names = [sanitize(name) for name in groups or {}]
        prefixes = []
        for entry in keyed_groups or []:
            if not isinstance(entry, dict) or not entry.get('key'):
                continue
            if entry.get('parent_group') and isinstance(entry['parent_group'], str):
                names.append(sanitize(entry['parent_group']))
            prefix = entry.get('prefix', '')
            separator = '' if prefix == '' and leading_separator is False else entry.get('separator', '_')
            if '%s%s' % (prefix, separator):
                # Ansible sanitizes the whole name character by character: the mark's sanitized
                # form starts every sanitized group name of this entry.
                prefixes.append(sanitize('%s%s' % (prefix, separator)))
        return cls(names, prefixes)

    def reserves(self, name):
        return name in self.names or name.startswith(self.prefixes)


class HostNamer:
    """Gives every container a host name that no other host or group of the inventory has, nor can
    get from a source parsed later or from a group of this source.

    The rule: a host name always carries the container's id, which must have the API's shape
    (``cntr_...``, see CONTAINER_ID); a container without such an id gets no host (Unnamed). The
    field ``id`` of ``preferences`` gives the id itself; any other field gives ``<value>_<id>``. No
    hand-written inventory name carries a container id, so neither a static source parsed after this
    one (``-i x.openai_containers.yml -i hosts.ini``, an inventory directory read alphabetically) nor a
    ``host_vars`` file can merge into a container's host. A candidate is refused when an earlier
    container has it, when it is in use in the inventory (``in_use``: a host or group of a source
    parsed before, localhost) or when a group of this source may take it (``groups``: SourceGroups;
    those refusals are kept for a warning); then the next preference is tried, then the id, then
    ``<id>_2``, ``<id>_3``, ... (the same container listed by two projects). Earlier means earlier in
    configuration order of the projects, then in the API's order, so the result is deterministic.
    Values are made printable (see ``printable``).
    """

    # The most suffixes tried for one id: the same container is listed by at most as many projects.
    MAX_SUFFIX = 1000

    def __init__(self, preferences, in_use=None, groups=None):
        self.preferences = list(preferences) or ['id']
        self.taken = set()
        self.in_use = in_use or (lambda name: False)
        self.groups = groups or SourceGroups()
        # Names refused because a group of this source may take them: the proposal's, then all taken.
        self.reserved = []
        self._proposal_reserved = []

    def _free(self, name):
        if self.groups.reserves(name):
            self._proposal_reserved.append(name)
            return False
        return name not in self.taken and not self.in_use(name)

    def propose(self, container):
        """The host name of ``container``, or Unnamed. The name is not taken until ``take``."""
        container_id = container.get('id')
        if not is_container_id(container_id):
            raise Unnamed(container, 'id')
        self._proposal_reserved = []
        for field in self.preferences:
            value = container_id if field == 'id' else _name_value(container.get(field))
            candidate = value if field == 'id' or value is None else '%s_%s' % (value, container_id)
            if candidate is not None and self._free(candidate):
                return candidate
        for counter in range(1, self.MAX_SUFFIX + 1):
            candidate = container_id if counter == 1 else '%s_%d' % (container_id, counter)
            if self._free(candidate):
                return candidate
        raise Unnamed(container, 'reserved')

    def take(self, name):
        self.taken.add(name)
        self.reserved.extend(self._proposal_reserved)


def _name_value(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return printable(value) or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def naming_warnings(unnamed, reserved, refused_variables):
    """The warnings of one source about what API data could not name: the containers left out (a
    list of Unnamed), the host names refused because a group of this source may take them, and the
    variables left out because Ansible reserves their names (see host_variables)."""
    warnings = []
    bad_ids = [item.label for item in unnamed if item.reason == 'id']
    if bad_ids:
        warnings.append('left out %d container%s whose id does not have the API\'s shape (cntr_ then letters, digits, _ or -, '
                        'at most %d characters), so no host name of theirs is safe: %s' % (
                            len(bad_ids), '' if len(bad_ids) == 1 else 's', MAX_CONTAINER_ID_LENGTH, first_and_more(bad_ids)))
    blocked = [item.label for item in unnamed if item.reason == 'reserved']
    if blocked:
        warnings.append('left out %d container%s whose every host name is a group of this source or in use: %s' % (
            len(blocked), '' if len(blocked) == 1 else 's', first_and_more(blocked)))
    if reserved:
        names = ["'%s'" % printable(name) for name in dict.fromkeys(reserved)]
        warnings.append('did not name hosts %s: a group of this source (groups, keyed_groups) has or may get that name; '
                        'those containers took their next hostnames preference' % first_and_more(names))
    if refused_variables:
        names = ["'%s'" % printable(name) for name in sorted(refused_variables)]
        warnings.append('set no variable %s on any host: Ansible gives %s a meaning of its own, and API data never sets '
                        'such a variable (compose can, on purpose)' % (first_and_more(names), 'that name' if len(names) == 1 else 'those names'))
    return warnings


class GroupGuard:
    """The inventory as the constructed options (compose, groups, keyed_groups) of this plugin change it.

    A group that another inventory source defined (in ``foreign_groups``: there before this source
    and not made by a source of this plugin) gets no container and no group of containers as a
    member, and does not become the child of a group of containers; no group is made with the name
    of a host this source did not create (in ``foreign_hosts``: another source's, localhost's), since
    a host pattern such as ``web1`` would then select the group's containers instead of that host. A name in ``allowed`` is exempt. So a
    keyed group named after an API value cannot silently put containers into ``webservers`` or in
    the place of ``web1``. A name in ``allowed`` is exempt. Nor is a group made with the name of a host
    of this source (in ``own_hosts``, which grows as hosts are named: a keyed group without a prefix
    can come out as any name), whatever ``allowed`` says. The refused names are kept, for one warning
    each. Everything else is the wrapped inventory's.
    """

    def __init__(self, inventory, foreign_groups, foreign_hosts, allowed, own_hosts=()):
        self._inventory = inventory
        self.foreign_hosts = set(foreign_hosts) - set(allowed)
        self.own_hosts = own_hosts
        self._foreign = (set(foreign_groups) | self.foreign_hosts) - set(allowed)
        # The container being constructed: Ansible's add_child prefers a group of the same name.
        self.current_host = None
        self.refused = set()

    def __getattr__(self, name):
        return getattr(self._inventory, name)

    def _refuse(self, name):
        if name in self._foreign or name in self.own_hosts:
            self.refused.add(name)
            return True
        return False

    def add_group(self, group):
        if group in self.foreign_hosts or group in self.own_hosts:
            return group
        return self._inventory.add_group(group)

    def add_host(self, host, group=None, port=None):
        if group and self._refuse(group):
            return host
        return self._inventory.add_host(host, group=group, port=port)

    def add_child(self, group, child):
        if child == self.current_host:
            self.add_host(child, group)
        elif not (self._refuse(group) or self._refuse(child)):
            self._inventory.add_child(group, child)


# The groups that sources of this plugin made, per inventory: several inventory files of this
# plugin (one per account) may share keyed groups such as status_running.
_GROUPS_MADE_HERE = weakref.WeakKeyDictionary()


def groups_made_here(inventory):
    """The (mutable) set of group names sources of this plugin created in ``inventory``."""
    # ansible-core 2.19+ hands each source a proxy of the one inventory.
    return _GROUPS_MADE_HERE.setdefault(getattr(inventory, '__wrapped__', inventory), set())


def variable_prefix(value):
    """The validated option variable_prefix. Every API field becomes ``<prefix><field>``, so an empty
    prefix, or one starting with ansible_, would let a server set ansible_become and its kin."""
    if not isinstance(value, str) or not value:
        raise OptionError('variable_prefix', 'must not be empty: every API field would become a variable of its own name '
                                             '(a server could set ansible_become)')
    if value.startswith(RESERVED_VARIABLE_PREFIX):
        raise OptionError('variable_prefix', "must not start with '%s', the prefix of Ansible's own variables, got '%s'" % (
            RESERVED_VARIABLE_PREFIX, printable(value)))
    if not (value + '_').isidentifier():
        raise OptionError('variable_prefix', "must start a variable name (letters, digits and _, not a digit first), got '%s'" % printable(value))
    return value


def is_reserved_variable(name):
    """Whether Ansible gives the variable ``name`` a meaning of its own (see MAGIC_VARIABLES)."""
    return name.startswith(RESERVED_VARIABLE_PREFIX) or name in MAGIC_VARIABLES


def host_variables(container, project, prefix, now, refused=None):
    """The variables of one host: ``<prefix><field>`` for every top-level field of the container,
    then the computed ``<prefix>expires_at``, ``<prefix>idle_seconds`` and ``<prefix>project``,
    which win over an API field of the same name. A name Ansible reserves (``is_reserved_variable``:
    a prefix ``a`` and a field ``nsible_become`` make one) is left out and added to ``refused``."""
    variables = {}
    for key, value in container.items():
        if not key.isidentifier():
            key = ''.join(char if char.isalnum() or char == '_' else '_' for char in key)
        variables[prefix + key] = value
    variables[prefix + 'expires_at'] = _tolerant(expires_at, container)
    variables[prefix + 'idle_seconds'] = _tolerant(idle_seconds, container, now)
    variables[prefix + 'project'] = project
    for name in [name for name in variables if is_reserved_variable(name)]:
        del variables[name]
        if refused is not None:
            refused.add(name)
    return variables


def _tolerant(compute, *args):
    # Malformed fields (possible with schema_validation=off or warn) mean "cannot be known".
    try:
        return compute(*args)
    except (TypeError, ValueError):
        return None


def refused_group_warnings(guard, own_hosts):
    """One warning per name GroupGuard refused, saying why: another source's group, the name of a
    host this source did not create, or the name of one of its own hosts (``own_hosts``)."""
    warnings = []
    for name in sorted(guard.refused):
        if name in guard.foreign_hosts:
            warnings.append(REFUSED_HOST_NAME % printable(name) + ALLOW_HINT)
        elif name in own_hosts:
            warnings.append(REFUSED_OWN_HOST_NAME % printable(name))
        else:
            warnings.append(REFUSED_GROUP % printable(name) + ALLOW_HINT)
    return warnings
