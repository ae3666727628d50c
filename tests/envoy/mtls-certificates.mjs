// A throwaway PKI for the mTLS test, made by the `openssl` command at test
// time: a CA, a server certificate for 127.0.0.1, and client certificates
// from the same CA. Nothing is committed; the directory is removed after.
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const openssl = (dir, args) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });

/** A P-256 key and a request for `/CN=name`, signed by the CA with `extensions`. */
function issue(dir, name, extensions) {
  openssl(dir, ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-days", "1", "-sha256", "-extfile", `${name}.ext`, "-out", `${name}.pem`]);
  const pem = readFileSync(join(dir, `${name}.pem`), "utf8");
  return {
    cert: pem,
    key: readFileSync(join(dir, `${name}.key`), "utf8"),
    certFile: join(dir, `${name}.pem`),
    keyFile: join(dir, `${name}.key`),
    /** base64url SHA-256 of the DER: the token's `cnf["x5t#S256"]` (RFC 8705 §3.1). */
    x5t: createHash("sha256").update(new X509Certificate(pem).raw).digest("base64url"),
    /** The same digest in hex, as Envoy and proxies write it. */
    sha256Hex: createHash("sha256").update(new X509Certificate(pem).raw).digest("hex"),
  };
}

/** Makes the CA, `server` (127.0.0.1) and one client certificate per name. */
export function makePki(clients) {
  const dir = mkdtempSync(join(tmpdir(), "tokenward-mtls-"));
  openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=tokenward test CA"]);
  const server = issue(dir, "server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  const issued = Object.fromEntries(clients.map((name) => [name, issue(dir, name, "extendedKeyUsage=clientAuth\n")]));
  return {
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    caFile: join(dir, "ca.pem"),
    server,
    clients: issued,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
