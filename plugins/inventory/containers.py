# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r'''
name: containers
short_description: OpenAI Containers (Code Interpreter sandboxes) as inventory hosts
version_added: 1.0.0
description:
  - Lists the containers of one or several OpenAI projects and makes each one a host.
  - Uses a configuration file whose name ends with V(openai_containers.yml) or V(openai_containers.yaml).
  - Every host is in the group V(openai_containers); O(compose), O(groups) and O(keyed_groups) build the rest.
  - Each host gets a variable O(variable_prefix)C(<field>) for every top-level field the API returns
    (C(id), C(name), C(status), C(created_at), C(last_active_at), C(memory_limit), C(expires_after), and
    fields the API adds later), and the computed O(variable_prefix)C(expires_at) (epoch seconds, null
    when it cannot be known), O(variable_prefix)C(idle_seconds) (seconds since C(last_active_at) at
    inventory time, null when unknown) and O(variable_prefix)C(project) (the project name, see O(projects)).
    The computed variables win over an API field of the same name.
  - Every string that comes from the API is marked unsafe, so a container name such as
    V({{ lookup('pipe', 'id'\) }}) stays that literal text and is never templated.
  - A container never takes over a host or group of another inventory source, whichever source Ansible
    parses first, and never sets a variable of a host it did not create (see O(hostnames) and
    O(join_existing_groups)). Every host name carries the container's id (C(cntr_...)), which no
    hand-written inventory name has, so a static source given after this one (C(-i prod.openai_containers.yml -i hosts.ini),
    or an inventory directory, read in alphabetical order) or a C(host_vars) file cannot merge into a
    container's host. A container whose id does not have the API's shape gets no host (a warning names it).
  - API data never sets a variable that Ansible reserves (C(ansible_*) such as C(ansible_become), C(hostvars),
    C(groups), C(inventory_hostname), C(omit), C(lookup), ...), whatever O(variable_prefix) is; O(compose) can.
  - Host and group names built from API data are made printable. Control characters and terminal
    escape sequences (ESC, CR, LF, NUL, C1 controls, bidi overrides) appear as their escapes (V(\\x1b)),
    in the name only; the variables keep the API's text.
  - Containers are API objects, not machines, so hosts get C(ansible_connection=local) (see O(ansible_connection)).
  - The raw API answer is cached when O(cache=true), never the constructed inventory and never a key.
  - O(api_key), O(organization), O(project) and the values of O(headers) may be templates, for example a vault
    variable or C(lookup('ansible.builtin.env', 'OPENAI_API_KEY')); no other option is ever templated.
author:
  - llmops.openai contributors (@llmops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - llmops.openai.connection
  - llmops.openai.connection.projects
  - llmops.openai.listing
  - llmops.openai.listing.page_size
options:
  plugin:
    description: The name of this plugin; it must be set for the file to be recognised.
    type: str
    required: true
    choices: [llmops.openai.containers]
  projects:
    description:
      - Several OpenAI projects (or organizations, or keys) in one inventory, fetched concurrently.
      - Each entry inherits every connection option it does not set from the top-level options.
      - Each host is tagged with its project's O(projects[].name) in O(variable_prefix)C(project).
      - When not set, the top-level options are the only project, named V(default).
      - A project that fails fails the inventory with a message naming the project (never its key),
        unless O(skip_failed_projects=true).
      - An entry takes a C(name) and any connection option but O(schema_validation) (see the suboptions);
        C(api_key), C(organization), C(project) and the values of C(headers) may be templates, as at the top level.
    type: list
    elements: dict
  skip_failed_projects:
    description:
      - When a project cannot be listed, warn and leave its containers out instead of failing the inventory.
      - A failed project is never written to the cache.
    type: bool
    default: false
  use_stale_cache_on_error:
    description:
      - When a project cannot be listed and the cache (O(cache=true)) holds an answer for this configuration
        that has not timed out (O(cache_timeout)), use that answer with a warning instead of failing.
      - 'Useful with C(meta: refresh_inventory) or C(--flush-cache) when the API is briefly unreachable.'
    type: bool
    default: false
  max_concurrent_requests:
    description:
      - The most requests this inventory sends at once, over all its O(projects) and both walks of each listing
        (see O(walk_both_ends)), from 1 to 64.
      - Projects are listed concurrently, up to 8 at a time and never more than this bound. A listing walks from
        its other end only while a request slot is free; otherwise it goes on with one cursor, so it never takes
        longer than one cursor would.
      - V(1) lists the projects one after the other, each with one cursor.
    type: int
    default: 16
    version_added: 1.1.0
  hostnames:
    description:
      - An ordered preference list of container fields to name the host by, for example V([name, id]).
      - 'The rule: every host name carries the container id. V(id) gives the id itself (C(cntr_682d...)); any other
        field gives C(<value>_<id>), for example C(Code Interpreter_cntr_682d...). No hand-written host or group
        name carries a container id, so no inventory source, whether parsed before or after this one, can define
        a host or group of the same name; the price is longer host names.'
      - Only an id of the API's shape names a host, V(cntr_) then letters, digits, V(_) or V(-) (at most 512 characters;
        LiteLLM's long composite ids qualify). A container whose id has another shape (a server answering V(db01))
        gets no host, and one warning names such containers.
      - A container takes the first entry whose value is not empty and whose name is free; then its id, then
        C(<id>_2), C(<id>_3), ... (the same container listed by two projects).
      - A name is not free when an earlier container has it, when it is already a host or a group of the
        inventory (from any source parsed before this one), when it is V(localhost), V(127.0.0.1) or V(::1),
        or when a group of this source has or may get it. The groups of this source are known before any host
        is named, the names of O(groups), each C(parent_group) of O(keyed_groups), V(all) and V(ungrouped), and
        every name starting with a keyed group's C(prefix) and C(separator) (V(status_) for C(prefix=status)).
        A name refused for that reason is named in a warning.
      - Earlier means earlier in the order of O(projects), then in the API's order (O(order)).
      - Up to version 1.2.0 a name-based host name was the bare value (C(Code Interpreter)) when free, and any id named a host.
    type: list
    elements: str
    default: [id]
  join_existing_groups:
    description:
      - Groups that another inventory source defined (parsed before this one, such as C(webservers) of a
        static C(hosts.ini)) which O(keyed_groups) may add containers to.
      - A keyed group is named after API data (a status, a name), so by default a keyed group (or its
        C(parent_group)) that comes out as the name of such a group does not change it. No container joins
        it, it is not nested under a group of containers, and a warning names it once.
      - Nor is a keyed group made with the name of a host of another source (a container named C(web1)) or
        of localhost (V(localhost), V(127.0.0.1), V(::1)), since the host pattern C(web1) would then select
        the group's containers instead of that host.
      - A group named in O(groups) is named by you, and may be such a group without being listed here.
      - Groups made by sources of this plugin (several files, one per account) are shared without being listed.
    type: list
    elements: str
    default: []
    version_added: 1.1.0
  variable_prefix:
    description:
      - The prefix of every host variable this plugin sets from API data.
      - It must start a variable name (letters, digits and V(_), not a digit first), and it can be neither empty nor
        start with V(ansible_), since the API's fields would then become Ansible's own variables (a server adding
        C(ansible_become) would run plays as root). Such a value fails the inventory before any request.
      - A variable that Ansible reserves is never set from API data, even when an odd prefix makes one (V(a) and a
        field C(nsible_become)); a warning names it.
    type: str
    default: openai_container_
  ansible_connection:
    description:
      - The C(ansible_connection) given to every host. An empty value sets none.
      - O(compose) can override it per host.
    type: str
    default: local
  filters:
    description:
      - >-
        Which containers become hosts, as in C(community.library_inventory_filtering_v1): a list of
        C({include: <Jinja test>}) or C({exclude: <Jinja test>}) entries (a boolean is also accepted).
      - The entries are tried in order; the first whose test is true decides; a container no entry matches is included.
      - A test sees the host's variables (O(variable_prefix)C(*), C(ansible_connection)) and C(inventory_hostname),
        before O(compose) runs. Filtered-out containers do not take a host name.
    type: list
    elements: dict
    default: []
notes:
  - A failing inventory source is only a warning for Ansible unless C(inventory_any_unparsed_is_failed) (E(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED))
    or C(inventory_unparsed_failed) is set; set it in automation so that a wrong key or an unreachable API fails the run.
  - 'Run C(ansible-inventory) with C(--flush-cache), or C(meta: refresh_inventory) in a play, to bypass and refresh the cache.'
seealso:
  - module: llmops.openai.container_info
'''

EXAMPLES = r'''
# openai_containers.yml: every container of the project of OPENAI_API_KEY, one host per container id
plugin: llmops.openai.containers

---
# Name hosts by container name and id (Code Interpreter_cntr_682d...), group by status, memory tier and staleness.
plugin: llmops.openai.containers
order: asc
hostnames: [name, id]
keyed_groups:
  - key: openai_container_status
    prefix: status
  - key: openai_container_memory_limit | default('unknown', true)
    prefix: memory
groups:
  # idle for more than 20 minutes although the API still lists it as running
  stale: openai_container_status == 'running' and (openai_container_idle_seconds | default(0, true)) > 1200
  big_memory: openai_container_memory_limit in ['16g', '64g']
compose:
  expires_in: (openai_container_expires_at - now(utc=true).timestamp()) | int if openai_container_expires_at else None

---
# Only running containers, except scratch ones named "test".
plugin: llmops.openai.containers
filters:
  - exclude: openai_container_name == 'test'
  - include: openai_container_status == 'running'
  - exclude: true

---
# The key from an encrypted vault variable file, or from the environment, cached for 10 minutes across runs.
plugin: llmops.openai.containers
api_key: "{{ lookup('ansible.builtin.env', 'OPENAI_API_KEY') }}"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-openai-inventory
cache_timeout: 600
use_stale_cache_on_error: true

---
# Several projects in one inventory, fetched concurrently; a project that fails is skipped with a warning.
plugin: llmops.openai.containers
skip_failed_projects: true
projects:
  - name: research
    api_key: "{{ vault_openai_research_key }}"
  - name: prod
    api_key: "{{ lookup('ansible.builtin.env', 'OPENAI_PROD_KEY') }}"
    project: proj_abc123
keyed_groups:
  - key: openai_container_project
    prefix: project

---
# Azure OpenAI (v1 API, key in the api-key header) next to OpenAI, tagged by provider.
plugin: llmops.openai.containers
projects:
  - name: openai
    api_key: "{{ lookup('ansible.builtin.env', 'OPENAI_API_KEY') }}"
  - name: azure
    auth_header: api-key
    base_url: https://my-resource.openai.azure.com/openai/v1
    api_key: "{{ lookup('ansible.builtin.env', 'AZURE_OPENAI_API_KEY') }}"
keyed_groups:
  - key: openai_container_project
    prefix: provider
'''

import time
from collections import namedtuple

from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.llmops.openai.plugins.module_utils._api.client import HAS_REQUESTS
from ansible_collections.llmops.openai.plugins.module_utils._containers import ListingOptions
from ansible_collections.llmops.openai.plugins.module_utils._text import printable
from ansible_collections.llmops.openai.plugins.module_utils._options import CONNECTION_OPTION_NAMES, LISTING_OPTION_NAMES
from ansible_collections.llmops.openai.plugins.module_utils._schema import HAS_JSONSCHEMA, SchemaValidator
from ansible_collections.llmops.openai.plugins.plugin_utils._hosts import (
    LOCALHOST_NAMES, GroupGuard, HostNamer, SourceGroups, Unnamed, accept_host, groups_made_here, host_variables,
    naming_warnings, parse_filters, refused_group_warnings, variable_prefix)
from ansible_collections.llmops.openai.plugins.plugin_utils._plugin_front import (
    PluginFront, cache_fingerprint, config_warnings, decode_answer, encode_answer, read_cache, templated_options)
from ansible_collections.llmops.openai.plugins.plugin_utils._projects import (
    fetch_projects, iter_containers, max_concurrent_requests, project_specs)

GROUP = 'openai_containers'
CONFIG_SUFFIXES = ('openai_containers.yml', 'openai_containers.yaml')

# The options of one inventory file besides the projects, validated before any request.
InventoryOptions = namedtuple('InventoryOptions', 'listing filters prefix max_requests')


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'llmops.openai.containers'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(CONFIG_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        front = PluginFront(self.NAME, self.display.warning)
        with front.errors_as(AnsibleParserError):
            options = self._read_options(path, front)
            answer = self._fetch(path, cache, front, options)
            self._populate(answer, front.project_names, options)

    # -- options ---------------------------------------------------------------------------------

    def _read_options(self, path, front):
        """Every option checked, and the projects handed to ``front``, before any request."""
        config = self._read_config_data(path)
        for warning in config_warnings(config, set(C.config.get_configuration_definitions('inventory', self._load_name))):
            front.warn('%s: %s' % (printable(to_text(path)), warning))
        if not HAS_REQUESTS:
            raise AnsibleParserError('%s needs the Python library requests on the controller' % self.NAME)
        connection = templated_options(dict((name, self.get_option(name)) for name in CONNECTION_OPTION_NAMES), self.templar)
        projects = [templated_options(entry, self.templar) if isinstance(entry, dict) else entry
                    for entry in self.get_option('projects') or []]
        front.use_projects(project_specs(connection, projects))
        front.warn_once([warning for spec in front.specs for warning in spec.settings.warnings()])
        return InventoryOptions(
            listing=ListingOptions.from_options(dict((name, self.get_option(name)) for name in LISTING_OPTION_NAMES)),
            filters=parse_filters(self.get_option('filters')),
            prefix=variable_prefix(self.get_option('variable_prefix')),
            max_requests=max_concurrent_requests(self.get_option('max_concurrent_requests')))

    # -- the raw answer: cache or API ------------------------------------------------------------

    def _fetch(self, path, cache, front, options):
        mode = self.get_option('schema_validation')
        if mode != 'off' and not HAS_JSONSCHEMA:
            raise AnsibleParserError('%s needs the Python library jsonschema on the controller (or schema_validation: off)' % self.NAME)
        cache_enabled = self.get_option('cache')
        cache_key = '%s_%s' % (self.get_cache_key(path), cache_fingerprint(front.specs, options.listing))
        if cache_enabled and cache:
            answer = decode_answer(read_cache(self._cache, cache_key, front.warn))
            if answer is not None and all(name in answer['projects'] for name in front.project_names):
                self.display.vvv('%s: using the cached answer of %s' % (self.NAME, path))
                front.warn_listings(answer)
                return answer

        answer, failures = fetch_projects(front.specs, options.listing, SchemaValidator(mode), log=self.display.vvv,
                                          max_requests=options.max_requests)
        if failures:
            use_stale = cache_enabled and self.get_option('use_stale_cache_on_error')
            stale = decode_answer(read_cache(self._cache, cache_key, front.warn)) if use_stale else None
            front.settle_failures(answer, failures, stale, self.get_option('skip_failed_projects'))
        elif cache_enabled:
            self._cache[cache_key] = encode_answer(answer)
        front.warn_listings(answer)
        return answer

    # -- hosts, variables, groups ----------------------------------------------------------------

    def _populate(self, answer, project_order, options):
        inventory = self.inventory
        made_here = groups_made_here(inventory)
        existing_groups = set(inventory.groups)
        existing_hosts = set(inventory.hosts)
        inventory.add_group(GROUP)
        connection = self.get_option('ansible_connection')
        compose = self.get_option('compose')
        groups = self.get_option('groups')
        keyed_groups = self.get_option('keyed_groups')
        strict = self.get_option('strict')
        constructed = bool(compose or groups or keyed_groups)
        # A name in use anywhere in the inventory (a host or group of any source, localhost) is
        # never given to a container: it would merge the container into that host. Nor is a name
        # that a group of this source will have (known before any host is named: see SourceGroups).
        namer = HostNamer(self.get_option('hostnames'), in_use=lambda name: (
            name in inventory.hosts or name in inventory.groups or name in LOCALHOST_NAMES),
            groups=SourceGroups.from_options(groups, keyed_groups, self.get_option('leading_separator'), self._sanitize_group_name))
        # Groups written in `groups` are named by the user, so they may be groups of other sources.
        allowed = set(self.get_option('join_existing_groups')) | set(self._sanitize_group_name(name) for name in groups or {})
        guard = GroupGuard(inventory, existing_groups - made_here, existing_hosts | set(LOCALHOST_NAMES), allowed | {GROUP},
                           own_hosts=namer.taken)
        now = time.time()
        projects = dict((name, wrap_var(name)) for name in project_order)
        unnamed = []
        refused_variables = set()

        self.inventory = guard
        try:
            for project, container in iter_containers(answer, project_order):
                # Everything from the API is marked unsafe before it becomes a host name or a variable.
                container = wrap_var(container)
                try:
                    hostname = wrap_var(namer.propose(container))
                except Unnamed as exc:
                    unnamed.append(exc)
                    continue
                variables = host_variables(container, projects[project], options.prefix, now, refused=refused_variables)
                if connection:
                    variables['ansible_connection'] = connection
                if options.filters and not accept_host(options.filters, lambda condition: self._evaluate_filter(condition, variables, hostname)):
                    continue
                namer.take(hostname)
                guard.current_host = hostname
                inventory.add_host(hostname, group=GROUP)
                for name, value in variables.items():
                    inventory.set_variable(hostname, name, value)
                if constructed:
                    self._set_composite_vars(compose, variables, hostname, strict=strict)
                    self._add_host_to_composed_groups(groups, variables, hostname, strict=strict)
                    self._add_host_to_keyed_groups(keyed_groups, variables, hostname, strict=strict)
        finally:
            self.inventory = inventory
            made_here.update(set(inventory.groups) - existing_groups)
        for warning in refused_group_warnings(guard, namer.taken) + naming_warnings(unnamed, namer.reserved, refused_variables):
            self.display.warning('%s: %s' % (self.NAME, warning))

    @staticmethod
    def _sanitize_group_name(name):
        # Ansible turns every character of a plugin's group name that is not a word character into
        # _; escaping first keeps which one it was (name_x_x1b_31m, not name_x__31m), as in host names.
        return BaseInventoryPlugin._sanitize_group_name(printable(name) if isinstance(name, str) else name)

    def _evaluate_filter(self, condition, variables, hostname):
        templar = self.templar
        templar.available_variables = dict(variables, inventory_hostname=hostname)
        try:
            if hasattr(templar, 'evaluate_conditional'):
                return bool(templar.evaluate_conditional(condition))
            # ansible-core before 2.19
            return boolean(templar.template('{%% if %s %%} True {%% else %%} False {%% endif %%}' % condition))
        except Exception as exc:  # pylint: disable=broad-except
            raise AnsibleParserError('%s: could not evaluate the filter %r for host %s: %s' % (self.NAME, condition, hostname, to_native(exc)))
