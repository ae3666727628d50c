// The benchmark's origin: 200 with the request's headers as JSON, inside
// workerd so the origin is not the bottleneck.
export default {
  fetch(request) {
    return new Response(JSON.stringify({ headers: Object.fromEntries(request.headers) }), {
      headers: { "content-type": "application/json" },
    });
  },
};
