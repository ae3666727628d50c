// The Vite test page: `await init()` as the README says, then the fixture.
import * as tokenward from 'tokenward';
import fixture from './cases.json';
import { verdicts } from './verdicts.js';

try {
  await tokenward.init();
  window.__result = await verdicts(tokenward, fixture);
} catch (error) {
  window.__result = { total: 0, failures: [`page error: ${error?.stack ?? error}`] };
}
document.getElementById('out').textContent = JSON.stringify(window.__result);
