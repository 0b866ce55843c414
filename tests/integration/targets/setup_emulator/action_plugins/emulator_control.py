# Calls the emulator's control API (/_emulator/...) from the controller process. The test
# playbooks call it dozens of times per target: as ansible.builtin.uri each call started a
# module process (about 1 s of CPU each); this action sends the request in-process.
#
#   emulator_control: {url: ..., method: POST, body: {...}}   registers json, status, content
#
# A body that is a string is sent as is (JSON written by a template); anything else as JSON.
# Any status but 200 fails the task, as ansible.builtin.uri does by default.
import json

from urllib.error import HTTPError, URLError

from ansible.module_utils.urls import open_url
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('url', 'method', 'body'))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        body = args.get('body')
        if body is not None:
            body = (body if isinstance(body, str) else json.dumps(body)).encode('utf-8')
        try:
            response = open_url(args['url'], method=args.get('method', 'GET'), data=body,
                                headers={'Content-Type': 'application/json'}, timeout=30)
            status, content = response.getcode(), response.read().decode('utf-8')
        except HTTPError as error:
            status, content = error.code, error.read().decode('utf-8', 'replace')
        except URLError as error:
            result.update(failed=True, msg='%s %s: %s' % (args.get('method', 'GET'), args['url'], error.reason))
            return result
        result.update(status=status, content=content, changed=False)
        try:
            result['json'] = json.loads(content) if content else None
        except ValueError:
            pass
        if status != 200:
            result.update(failed=True, msg='Status code was %s and not [200]: %s' % (status, content[:500]))
        return result
