// tests/worker/hono-app.mjs as a module worker (bundled by hono.test.mjs
// with the packed package): the configuration from TOKENWARD_CONFIG.
import { Hono } from "hono";
import { tokenward } from "tokenward/hono";
import { honoApp } from "./hono-app.mjs";

let app = null;

export default {
  fetch(request, env, ctx) {
    app ??= honoApp(env.TOKENWARD_CONFIG, { Hono, tokenward });
    return app.fetch(request, env, ctx);
  },
};
