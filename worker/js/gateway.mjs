// The wasm side of the worker: instantiate the tokenward module once per
// isolate, and hand requests to the core's edge gateway.
//
// Requests cross into wasm as one line-based text (see worker/src/wire.rs)
// encoded with TextEncoder.encodeInto straight into a wasm-owned buffer:
// a wasm-bindgen string or object argument would cost ~30x more, and that
// is most of a cache hit's time.
import { Edge, initSync } from "../dist/tokenward_worker.js";
import { SignatureChecker } from "./signatures.mjs";
import wasmModule from "../dist/tokenward_worker_bg.wasm";

// workerd imports a `.wasm` module as a compiled WebAssembly.Module, so
// instantiation is synchronous and happens once, at module evaluation.
const exports = initSync({ module: wasmModule });
const encoder = new TextEncoder();

/**
 * The request target as the client sent it. workerd's `request.url` is the
 * scheme, `//`, the Host header and the target byte for byte, while
 * `url.pathname` is already resolved by the WHATWG parser, which reads
 * `/x/.;/../y` as `/x/y` where Envoy and Tomcat read `/y`: the core
 * resolves the raw path itself, as it does in Envoy. A target that does not
 * start with `/` (`*`) goes to the core as is, to be refused. Otherwise the
 * raw target is used only if it parses to the URL workerd built, so a Host
 * header holding `/` cannot move a part of the path out of what rules
 * match; failing that, the parsed target (what the origin gets anyway).
 */
export function requestTarget(request, url) {
  const prefix = `${url.protocol}//${request.headers.get("host") ?? ""}`;
  if (request.url.startsWith(prefix)) {
    const target = request.url.slice(prefix.length);
    if (!target.startsWith("/")) return target;
    const reparsed = URL.parse(`${url.origin}${target}`);
    if (reparsed?.pathname === url.pathname && reparsed.search === url.search) return target;
  }
  const fragment = url.href.indexOf("#");
  return `${url.pathname}${url.search}${fragment < 0 ? "" : url.href.slice(fragment)}`;
}

/**
 * The request as the core's wire text: method, target, headers. The target
 * is the raw one (see requestTarget), with any fragment the client sent:
 * the core refuses a fragment (Envoy does too), so it is not dropped here.
 */
export function requestText(request, url) {
  return wireText(request, requestTarget(request, url));
}

/** The wire text of a request whose URL does not parse: its target as `*`. */
export function unparsableRequestText(request) {
  return wireText(request, "*");
}

function wireText(request, target) {
  let text = `${request.method}\n${target}`;
  for (const [name, value] of request.headers) text += `\n${name}:${value}`;
  return text;
}

/** One configuration's gateway: the wasm `Edge` and its document slots. */
export class Gateway {
  constructor(configText) {
    // Throws with the configuration error's text (caught by the handler).
    this.edge = new Edge(configText);
    this.slots = JSON.parse(this.edge.slots());
    this.maxInput = Edge.maxInput();
  }

  /**
   * The decision for `text` at `now` (see worker/src/decision.rs), with
   * signatures checked in wasm; null when the request is too large to
   * hand in.
   */
  decide(text, now) {
    const written = this.write(text);
    if (written === null) return null;
    return JSON.parse(this.edge.decide(written, now));
  }

  /**
   * The same decision with signatures checked by WebCrypto: the core stops
   * at each signature (`begin` / `finish`), the script answers yes or no.
   */
  async decideWithWebCrypto(text, now) {
    const written = this.write(text);
    if (written === null) return null;
    this.checker ??= new SignatureChecker();
    let step = this.edge.begin(written, now);
    for (;;) {
      const decision = step.decision();
      if (decision !== undefined) {
        step.free();
        return JSON.parse(decision);
      }
      const valid = await this.checker.check(step);
      // `finish` consumes the step (wasm-bindgen frees it).
      step = valid === null
        ? this.edge.finishInCore(step, Date.now())
        : this.edge.finish(step, valid, Date.now());
    }
  }

  /** Encodes `text` into the wasm input buffer; its length, or null. */
  write(text) {
    // encodeInto writes at most 3 bytes per UTF-16 unit.
    const capacity = text.length * 3;
    if (capacity > this.maxInput) return null;
    const at = this.edge.input(capacity);
    // A fresh view each time: growing wasm memory detaches older ones.
    const view = new Uint8Array(exports.memory.buffer, at, capacity);
    return encoder.encodeInto(text, view).written;
  }
}
