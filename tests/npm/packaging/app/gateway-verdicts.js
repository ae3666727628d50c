// Shared by every run of tokenward/edge and tokenward/hono in the packaging
// matrix (Node, esbuild for workerd, wrangler's upload): each case's request
// through the entry, compared with its expected verdict. `answer(request)`
// resolves to { status, code, subject, subjectHeader, allowOrigin }. Plain
// JS with no Node APIs.
export async function gatewayVerdicts(answer, fixture) {
  const failures = [];
  for (const c of fixture.cases) {
    let got;
    try {
      got = await answer(new Request(`https://api.example${c.path}`, { headers: c.headers }));
    } catch (error) {
      failures.push(`${c.name}: threw ${error?.stack ?? error}`);
      continue;
    }
    for (const [field, want] of Object.entries(c.expect)) {
      if (got[field] !== want) failures.push(`${c.name}: ${field} ${JSON.stringify(got[field])}, expected ${JSON.stringify(want)}`);
    }
  }
  return { total: fixture.cases.length, failures };
}

/** What tokenward/edge's gateway did with a request. */
export async function edgeAnswer(gateway, request) {
  const verdict = await gateway.handle(request);
  if (verdict.action === 'respond') return refusal(verdict.response);
  return {
    status: 200,
    subject: verdict.identity?.subject ?? null,
    subjectHeader: verdict.request.headers.get('x-tokenward-sub'),
  };
}

/** A Hono app behind tokenward/hono, answering what its handler saw. */
export function honoAnswer(Hono, tokenward, config) {
  const app = new Hono();
  app.use('*', tokenward(config));
  app.all('*', (c) => c.json({ subject: c.get('tokenward')?.subject ?? null, subjectHeader: c.req.header('x-tokenward-sub') ?? null }));
  return async (request) => {
    const response = await app.fetch(request);
    if (response.status !== 200) return refusal(response);
    return { status: 200, ...(await response.json()) };
  };
}

async function refusal(response) {
  const body = await response.json();
  return {
    status: response.status,
    code: body.error_description ?? body.error,
    allowOrigin: response.headers.get('access-control-allow-origin'),
  };
}
