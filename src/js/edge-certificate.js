// tokenward/edge: the client certificate of the connection a request came
// over, as the caller read it from the platform (Cloudflare:
// `request.cf.tlsClientAuth.certFingerprintSHA256`; Node:
// `socket.getPeerCertificate().fingerprint256`), never from a header.
import { OptionsError } from './errors.js';

const HEX_SHA256 = /^(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){31})$/;

/**
 * The `certificateThumbprint` option of `handle` checked: the SHA-256 of
 * the DER client certificate in hex, or null for a connection without one
 * (`undefined`, `null` or `''`, what platforms report then).
 * @throws {OptionsError} for a thumbprint given to a gateway whose providers
 *   check no certificate-bound tokens, or a value that is not 32 bytes of hex
 */
export function clientCertificate(engine, thumbprint) {
  if (thumbprint === undefined || thumbprint === null || thumbprint === '') return null;
  if (!engine.edge.checksCertificates()) {
    throw new OptionsError('certificateThumbprint: no provider has certificate_bound_tokens, so it would be ignored');
  }
  if (typeof thumbprint !== 'string' || !HEX_SHA256.test(thumbprint)) {
    throw new OptionsError('certificateThumbprint must be the SHA-256 of the client certificate in hex (64 digits, or 32 pairs separated by :)');
  }
  return thumbprint;
}
