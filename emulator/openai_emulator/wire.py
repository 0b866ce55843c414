# An answer's head written by hand (status line and headers as bytes), for the answers that the handler's
# one-write _send cannot make: a file's bytes streamed chunk by chunk, and a hostile server's answers.

import os


def raw_head(status, headers, length):
    """The status line and headers of an answer, as bytes, with a fresh request id."""
    lines = ["HTTP/1.1 %d %s" % (status, "OK" if status == 200 else "Error"),
             "content-length: %d" % length, "x-request-id: req_%s" % os.urandom(16).hex()]
    lines += ["%s: %s" % item for item in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
