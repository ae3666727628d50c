#!/usr/bin/env python3
"""Regenerates fuzz/keys/jwks.json and the seed corpus (needs `cryptography`).

Run from the repository root: python3 fuzz/gen_corpus.py
The private keys are throwaway and not written anywhere.
"""
import base64, json, os
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, padding, utils
from cryptography.hazmat.primitives import hashes, serialization

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = 1_700_000_000


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n: int, size: int) -> str:
    return b64(n.to_bytes(size, "big"))


es = ec.generate_private_key(ec.SECP256R1())
ed = ed25519.Ed25519PrivateKey.generate()
rs = rsa.generate_private_key(public_exponent=65537, key_size=2048)
es_pub = es.public_key().public_numbers()
rs_pub = rs.public_key().public_numbers()
ed_raw = ed.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

jwks = {"keys": [
    {"kty": "EC", "crv": "P-256", "kid": "es-1", "alg": "ES256", "use": "sig",
     "x": uint(es_pub.x, 32), "y": uint(es_pub.y, 32)},
    {"kty": "OKP", "crv": "Ed25519", "kid": "ed-1", "alg": "EdDSA", "x": b64(ed_raw)},
    {"kty": "RSA", "kid": "rs-1", "alg": "RS256", "use": "sig", "key_ops": ["verify"],
     "n": b64(rs_pub.n.to_bytes(256, "big")), "e": b64(rs_pub.e.to_bytes(3, "big"))},
]}


def sign(alg, header, claims):
    signing_input = (b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64(json.dumps(claims, separators=(",", ":")).encode())).encode()
    if alg == "ES256":
        r, s = utils.decode_dss_signature(es.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif alg == "EdDSA":
        sig = ed.sign(signing_input)
    else:
        sig = rs.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return signing_input.decode() + "." + b64(sig)


access = {"iss": "https://issuer.example", "sub": "user-42", "aud": "https://api.example",
          "client_id": "web-app", "iat": NOW, "exp": NOW + 900, "jti": "j-1",
          "scope": "orders:read"}
id_token = {"iss": "https://issuer.example", "sub": "user-42", "aud": "web-app", "iat": NOW,
            "exp": NOW + 3600, "nonce": "n-1", "email": "ada@example.com", "auth_time": NOW}
bloated = dict(access, roles=[f"role-{i}" for i in range(40)], email="ada@example.com")
tokens = {
    "access_es256": sign("ES256", {"alg": "ES256", "typ": "at+jwt", "kid": "es-1"}, access),
    "id_eddsa": sign("EdDSA", {"alg": "EdDSA", "kid": "ed-1"}, id_token),
    "access_rs256": sign("RS256", {"alg": "RS256", "typ": "at+jwt", "kid": "rs-1"}, access),
    "bloated_no_kid": sign("ES256", {"alg": "ES256", "jku": "https://x.example"}, bloated),
    "unsigned": b64(b'{"alg":"none"}') + "." + b64(json.dumps(access).encode()) + ".",
}

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

write(os.path.join(HERE, "keys", "jwks.json"), json.dumps(jwks, indent=1) + "\n")
for name, token in tokens.items():
    write(os.path.join(HERE, "corpus", "token_parse", name), token)
write(os.path.join(HERE, "corpus", "jwks_parse", "three_keys.json"), json.dumps(jwks))
for i, key in enumerate(jwks["keys"]):
    write(os.path.join(HERE, "corpus", "jwks_parse", f"one_key_{i}.json"), json.dumps({"keys": [key]}))
write(os.path.join(HERE, "corpus", "jwks_parse", "empty.json"), '{"keys":[]}')
write(os.path.join(HERE, "corpus", "jwks_parse", "oct_and_unknown.json"),
      json.dumps({"keys": [{"kty": "oct", "k": b64(b"secret-secret-secret-secret-32b!")},
                           {"kty": "XYZ", "kid": "x"}]}))
