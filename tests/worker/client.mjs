// What the workerd end-to-end tests share on the client side: the clock in
// seconds as tokens read it, the Authorization header, and polling for a
// state the worker reaches in the background (a refetch, a refresh).

export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Repeats `probe` every 100 ms until it returns true (then true) or `ms` pass (then false). */
export async function eventually(ms, probe) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(100);
  }
  return false;
}
