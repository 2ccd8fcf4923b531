"""A local calendar-feed server for tests: plain or TLS, recording what it was sent."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import queue
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    etag: bool = True
    last_modified: str | None = None
    redirect_to: str | None = None
    gzip: bool = False
    declare_length: bool = True
    trickle_body: float = 0.0  # seconds between 1 KB chunks of the body
    trickle_head: float = 0.0  # seconds between single bytes of the status line and headers
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    sni: str | None


@dataclass
class FeedServer:
    """Paths to routes on 127.0.0.1; TLS when given a server context."""

    tls: ssl.SSLContext | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    connections: int = 0
    # Where each fetcher hung up mid-answer: "head" or "body", once the server noticed.
    hang_ups: queue.Queue[str] = field(default_factory=queue.Queue)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The address of a path on this server, under any host name."""
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}{path}"

    def start(self) -> None:
        """Listen on a free port."""
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                sni = getattr(self.request, "kairos_sni", None)
                feeds.requests.append(Seen(self.path, dict(self.headers.items()), sni))
                feeds._answer(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def server_bind(self) -> None:
                # HTTPServer's own looks its address up in DNS: 50 ms per test for nothing.
                socketserver.TCPServer.server_bind(self)
                self.server_name, self.server_port = "localhost", self.server_address[1]

            def verify_request(self, request: Any, client_address: Any) -> bool:
                feeds.connections += 1
                return True

            def finish_request(self, request: Any, client_address: Any) -> None:
                if feeds.tls is None:
                    super().finish_request(request, client_address)
                    return
                with feeds.tls.wrap_socket(request, server_side=True) as wrapped:
                    super().finish_request(wrapped, client_address)

            def handle_error(self, request: Any, client_address: Any) -> None:
                return None  # a refused handshake, say: the tests look at the fetch result

        if self.tls is not None:
            self.tls.sni_callback = _remember_sni
        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path)
        if route is None:
            handler.send_error(404)
            return
        if route.redirect_to:
            handler.send_response(302)
            handler.send_header("Location", route.redirect_to)
            handler.end_headers()
            return
        tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        fresh = (route.etag and handler.headers.get("If-None-Match") == tag) or (
            route.last_modified is not None
            and handler.headers.get("If-Modified-Since") == route.last_modified
        )
        if fresh:
            handler.send_response(304)
            handler.end_headers()
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        head = [f"HTTP/1.0 {route.status} Whatever", "Content-Type: text/calendar"]
        if route.gzip:
            head.append("Content-Encoding: gzip")
        if route.etag:
            head.append(f"ETag: {tag}")
        if route.last_modified:
            head.append(f"Last-Modified: {route.last_modified}")
        if route.declare_length:
            head.append(f"Content-Length: {len(body)}")
        head.extend(f"{name}: {value}" for name, value in route.headers.items())
        for part, data, size, pause in (
            ("head", ("\r\n".join(head) + "\r\n\r\n").encode(), 1, route.trickle_head),
            ("body", body, 1024, route.trickle_body),
        ):
            try:
                _send(handler, data, size, pause)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                self.hang_ups.put(part)
                return


def _send(handler: BaseHTTPRequestHandler, data: bytes, size: int, pause: float) -> None:
    if not pause:
        handler.wfile.write(data)
        return
    for start in range(0, len(data), size):
        handler.wfile.write(data[start : start + size])
        handler.wfile.flush()
        time.sleep(pause)


def _remember_sni(sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: ssl.SSLContext) -> None:
    sock.kairos_sni = name  # type: ignore[union-attr]


@dataclass(frozen=True)
class Certificates:
    """A test CA, and a server context whose certificate it signed for some host names."""

    client: ssl.SSLContext  # trusts the CA
    server: ssl.SSLContext


def certificates(folder: Path, *names: str) -> Certificates:
    """A CA and a server certificate for `names` only (not for 127.0.0.1); keys in folder."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kairos test CA")])
    ca = (
        _builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        _builder(x509.Name([]), ca_name, key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=True
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    client = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server.load_cert_chain(cert_path, key_path)  # it reads only files
    return Certificates(client=client, server=server)


def _builder(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePublicKey, now: dt.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
    )


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
