// The post-logout page of "Sign out everywhere" (see sign-out-everywhere.js):
// the provider sends the popup here once its session ended and its
// back-channel logout calls returned. It tells the demo tab when, and
// closes. No TokenSession here: this window holds no token.
import { SIGNED_OUT_CHANNEL } from './sign-out-everywhere.js';

const channel = new BroadcastChannel(SIGNED_OUT_CHANNEL);
channel.postMessage({ at: Date.now() });
channel.close();
document.getElementById('signed-out-status').textContent = 'The demo tab now calls the API with the token it still holds.';
// Only a window a script opened closes itself; otherwise this page stays.
setTimeout(() => window.close(), 300);
