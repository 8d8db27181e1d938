"""Certificates that close every one of weed's own listeners to anyone but weed and us.

weed's master, volume server and filer speak HTTP and gRPC on TCP ports any local account can
reach (and a web page can send a simple GET to). With these certificates every one of them
takes only mutual TLS: gRPC (master, volume, filer, S3) and HTTP (master, volume, filer) refuse
a client that does not present a certificate signed by this data dir's own CA.

A new CA and one leaf (server and client use, named for 127.0.0.1) are made at every start, and
the CA's private key is never written anywhere: once the leaf is signed nobody, us included,
can mint another certificate weed would accept. The leaf's key is a file only this user can
read, in a folder only this user can open.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.common.private_files import private_dir, write_private

VALID_DAYS = 3650  # remade at every start, so expiry never matters while one runs
_PEM = serialization.Encoding.PEM


@dataclass(frozen=True)
class StoreTls:
    ca: Path
    cert: Path
    key: Path

    def client_context(self) -> ssl.SSLContext:
        """An SSL context that trusts only this CA and presents the leaf: how our own code
        reaches weed's HTTPS ports."""
        context = ssl.create_default_context(cafile=str(self.ca))
        context.load_cert_chain(str(self.cert), str(self.key))
        return context


def make_certificates(folder: Path) -> StoreTls:
    """A fresh CA and leaf in `folder` (0700); returns where they are."""
    private_dir(folder)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("thumbdrop store CA")
    ca = (_certificate(ca_name, ca_name, ca_key.public_key(), now)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(_key_usage(cert_sign=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (_certificate(_name("thumbdrop store"), ca_name, leaf_key.public_key(), now)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
    tls = StoreTls(ca=folder / "ca.crt", cert=folder / "store.crt", key=folder / "store.key")
    write_private(tls.ca, ca.public_bytes(_PEM).decode("ascii"))
    write_private(tls.cert, leaf.public_bytes(_PEM).decode("ascii"))
    write_private(tls.key, leaf_key.private_bytes(
        _PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii"))
    return tls


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: x509.Name, issuer: x509.Name, public_key,
                 now: datetime.datetime) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS)))


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, key_cert_sign=cert_sign, crl_sign=cert_sign,
                         content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=not cert_sign,
                         encipher_only=False, decipher_only=False)
