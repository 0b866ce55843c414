# TLS material for the emulator: a throw-away CA and a server certificate for 127.0.0.1.
#
# Made with the openssl command line tool because the standard library cannot create
# certificates. The extensions are the ones Python 3.13's strict verification
# (VERIFY_X509_STRICT) insists on, so clients can verify with the CA file alone.

import os
import shutil
import ssl
import subprocess
import tempfile

CA_FILE = "ca.pem"
CERT_FILE = "server.pem"
KEY_FILE = "server.key"

_CA_EXTENSIONS = (
    "basicConstraints=critical,CA:TRUE,pathlen:0",
    "keyUsage=critical,keyCertSign,cRLSign",
    "subjectKeyIdentifier=hash",
    "authorityKeyIdentifier=keyid:always",
)
_LEAF_EXTENSIONS = """\
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
"""
_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _openssl(args, cwd):
    if shutil.which("openssl") is None:
        raise RuntimeError("TLS needs the openssl command line tool, which was not found")
    result = subprocess.run(["openssl"] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (args[0], result.stdout.decode("utf-8", "replace")))


def ensure_certificates(cert_dir):
    """Create the CA and server certificate in cert_dir unless present; return their paths."""
    paths = dict((name, os.path.join(cert_dir, name)) for name in (CA_FILE, CERT_FILE, KEY_FILE))
    if all(os.path.exists(path) for path in paths.values()):
        return paths[CA_FILE], paths[CERT_FILE], paths[KEY_FILE]
    os.makedirs(cert_dir, exist_ok=True)
    # Build in a scratch directory and move into place, so a half-made set is never reused.
    work = tempfile.mkdtemp(prefix="tls-", dir=cert_dir)
    try:
        ca_args = ["req", "-x509", "-new"] + _EC_KEY + [
            "-keyout", "ca.key", "-out", CA_FILE, "-days", "3650", "-subj", "/CN=llmops.openai emulator test CA"]
        for extension in _CA_EXTENSIONS:
            ca_args += ["-addext", extension]
        _openssl(ca_args, work)
        _openssl(["req", "-new"] + _EC_KEY + ["-keyout", KEY_FILE, "-out", "server.csr", "-subj", "/CN=localhost"], work)
        with open(os.path.join(work, "server.ext"), "w", encoding="ascii") as handle:
            handle.write(_LEAF_EXTENSIONS)
        _openssl(["x509", "-req", "-in", "server.csr", "-CA", CA_FILE, "-CAkey", "ca.key", "-set_serial",
                  str(int.from_bytes(os.urandom(8), "big")), "-days", "825", "-extfile", "server.ext",
                  "-out", CERT_FILE], work)
        for name in (KEY_FILE, CERT_FILE, CA_FILE):
            os.replace(os.path.join(work, name), paths[name])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return paths[CA_FILE], paths[CERT_FILE], paths[KEY_FILE]


def server_context(cert_dir):
    """An SSLContext serving the emulator's certificate; also returns the CA path."""
    ca_path, cert_path, key_path = ensure_certificates(cert_dir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, ca_path
