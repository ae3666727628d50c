// A Hono app behind tokenward/hono, the same in Node and in workerd: /api/*
// needs a token; /api/me answers the identity the middleware set and the
// subject header the app reads; /health is open. `Hono` and `tokenward`
// come from the host's imports (Node: the packed package as installed;
// workerd: the bundle).

/** The app for `config` (the edge configuration). */
export function honoApp(config, { Hono, tokenward }) {
  const app = new Hono();
  app.use("*", tokenward(config));
  app.get("/api/me", (c) => c.json({
    identity: c.get("tokenward"),
    subjectHeader: c.req.header("x-tokenward-sub") ?? null,
    authorization: c.req.header("authorization") ?? null,
  }));
  app.get("/health", (c) => c.json({ identity: c.get("tokenward"), subjectHeader: c.req.header("x-tokenward-sub") ?? null }));
  return app;
}
