// The workerd test worker: imports the package by name (resolved through
// the `workerd` export condition), verifies the fixture it is posted.
import * as tokenward from 'tokenward';
import { verdicts } from './verdicts.js';

export default {
  async fetch(request) {
    const fixture = await request.json();
    return Response.json(await verdicts(tokenward, fixture));
  },
};
