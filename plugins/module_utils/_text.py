# -*- coding: utf-8 -*-
# Copyright (c) 2026 llmops.openai contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection: may change at any time without notice.
# Text helpers for every layer: printable() for what a terminal shows, the redaction of secrets,
# error_text() for the message of an error, clip() for excerpts, did_you_mean() for unknown names,
# seconds_text() for durations.

import difflib
import json

from ansible.module_utils.common.text.converters import to_native


def seconds_text(value):
    """Seconds for a message: V(3), V(0.37), V(1e+300); never a float's long tail."""
    if value >= 1e6:
        return '%.3g' % value
    return '%d' % value if value == int(value) else ('%.2f' % value).rstrip('0')


def did_you_mean(key, known):
    """The hint of a message about an unknown ``key``: `` (did you mean 'NAME'?)`` with the closest of ``known``, or ''."""
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return " (did you mean '%s'?)" % close[0] if close else ''


# What stands in a message for a secret.
REDACTED = '********'


# A cut (an excerpt's end) that leaves this many or more of a secret's first characters masks them
# too: the text went on with the rest of an echoed secret. Fewer say nothing (most keys start 'sk-').
MIN_SECRET_PREFIX = 4
# A secret shorter than this cannot be masked in output without rewriting unrelated text: Ansible masks
# every occurrence of a no_log value, so a secret header of 1 would turn an id cntr_0001 into cntr_000********.
MIN_SECRET_LENGTH = 8


def redact(text, secret):
    """Remove a secret (the API key) from a text before it is shown anywhere."""
    return redact_all(text, [secret])


def redact_all(text, secrets):
    """Remove every secret (API keys, secret header values) from a text, in every form a text may
    hold it (see secret_forms); longer first, so a secret that contains another goes whole."""
    if not text or not isinstance(text, str):
        return text
    return _without(text, secret_forms(secrets))


def error_text(exc, secrets, unexpected=False):
    """The message of an error as a front end shows it, without any of ``secrets``: the one redaction
    of the front ends, called once per error where it becomes a message (a module's fail_json, an
    inventory error or warning, an event's error details).

    The client redacts an ApiError where it makes it (ApiClient._error); the errors of the listing and
    file code quote the server's data as they are (a repeated cursor, a file path), so every error is
    redacted here. ``unexpected`` (a bug, an unforeseen failure) puts the exception's kind first: its
    text alone may not say what failed.
    """
    text = to_native(exc)
    if unexpected:
        text = 'unexpected %s: %s' % (type(exc).__name__, text)
    return redact_all(text, secrets)


def _without(text, forms):
    """``text`` with each of the secret ``forms`` (see secret_forms) replaced by REDACTED."""
    for form in forms:
        text = text.replace(form, REDACTED)
    return text


def redact_data(value, secrets):
    """``value`` (JSON data: dicts, lists, strings, numbers) with every secret redacted from its
    strings and keys, in every form (see redact_all)."""
    forms = secret_forms(secrets)
    if not forms:
        return value

    def clean(item):
        if isinstance(item, str):
            return _without(item, forms)
        if isinstance(item, list):
            return [clean(element) for element in item]
        if isinstance(item, dict):
            return dict((clean(key), clean(element)) for key, element in item.items())
        return item
    return clean(value)


def secret_forms(secrets):
    """The secrets as a text may quote them: as they are, escaped by printable() (a tab in a header
    value becomes ``\\t``), by JSON (a body that quotes them) and by repr() (a message that quotes
    API data); longest first, no duplicates."""
    forms = set()
    for secret in secrets:
        if secret:
            forms.update((secret, printable(secret), json.dumps(secret)[1:-1], repr(secret)[1:-1]))
    return sorted(forms, key=lambda form: (-len(form), form))


def clip(text, limit, secrets=()):
    """``text`` without any secret, cut to ``limit`` characters and '...' when longer.

    Every text from a server that a message quotes in part goes through this. It redacts before it
    cuts (a cut through an echoed secret would otherwise leave all of it but its end, which no
    redaction matches any more), and when the cut text ends with MIN_SECRET_PREFIX or more of a
    secret's first characters, it masks them too.
    """
    text = redact_all(text, secrets)
    if not text or len(text) <= limit:
        return text
    head = text[:limit]
    cut = _secret_prefix_length(head, secret_forms(secrets))
    return (head[:len(head) - cut] + REDACTED if cut else head) + '...'


def _secret_prefix_length(text, secrets):
    """How many characters at the end of ``text`` are the beginning of one of ``secrets`` (0 for
    fewer than MIN_SECRET_PREFIX)."""
    longest = 0
    for secret in secrets:
        for length in range(min(len(secret) - 1, len(text)), max(MIN_SECRET_PREFIX, longest + 1) - 1, -1):
            if text.endswith(secret[:length]):
                longest = length
                break
    return longest


_NAMED_ESCAPES = {u'\n': u'\\n', u'\r': u'\\r', u'\t': u'\\t'}


def _escape(char):
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return u'\\x%02x' % code
    if code < 0x10000:
        return u'\\u%04x' % code
    return u'\\U%08x' % code


def printable(text):
    """``text`` with every character that is not printable written as an escape (``\\x1b``, ``\\r``,
    ``\\u202e``): C0 and C1 controls (ESC, CR, LF, NUL, CSI), DEL, line separators, bidirectional
    overrides and other format characters.

    Text from the API (error messages, reasons, headers, host and group names) goes through this
    before it is shown: a terminal would otherwise obey the escape sequences in it. Printable text,
    backslashes included, is unchanged, so applying it twice gives the same result.
    """
    if text is None:
        return u''
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():
        return text
    return u''.join(char if char.isprintable() else _escape(char) for char in text)
