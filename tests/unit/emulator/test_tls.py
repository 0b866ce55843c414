# TLS: the generated CA verifies the server; the system trust store does not.

import socket
import ssl

import pytest
import requests

from ansible_collections.llmops.openai.emulator.openai_emulator import Emulator


def test_tls(tmp_path):
    with Emulator(containers=5, tls=True, cert_dir=str(tmp_path)) as emu:
        assert emu.base_url.startswith("https://127.0.0.1:")
        headers = {"Authorization": "Bearer sk-emulator"}
        response = requests.get(emu.base_url + "/containers", headers=headers, verify=emu.ca_path, timeout=10)
        assert response.status_code == 200 and len(response.json()["data"]) == 5
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emu.base_url + "/containers", headers=headers, verify=True, timeout=10)
        # Strict verification, as Python 3.13 does by default.
        context = ssl.create_default_context(cafile=emu.ca_path)
        context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        with socket.create_connection(("127.0.0.1", emu.port)) as sock:
            with context.wrap_socket(sock, server_hostname="localhost") as tls_sock:
                assert tls_sock.version().startswith("TLS")
    # Certificates are made once per directory and reused.
    before = (tmp_path / "ca.pem").read_bytes()
    with Emulator(containers=1, tls=True, cert_dir=str(tmp_path)):
        assert (tmp_path / "ca.pem").read_bytes() == before
