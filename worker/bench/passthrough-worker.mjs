// The benchmark's ceiling: the same forward through the origin binding with
// no verification at all. No verifying worker can beat its requests/s.
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return env.ORIGIN.fetch(new URL(`${url.pathname}${url.search}`, "http://origin.invalid"), { headers: request.headers });
  },
};
