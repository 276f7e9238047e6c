// Module events: a partner bound to 100,000 sellers is decertified; job pages and notices/s (bench/lib/module-events-phase.mjs).
import { measureDecertification } from '../module-events-phase.mjs';

export default {
  name: 'events',
  async run(ctx) {
    const op = async (method, path, body) => {
      const res = await fetch(ctx.urls.service + path, {
        method,
        headers: { authorization: `Bearer ${ctx.run.operatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return res.json();
    };
    return measureDecertification({ admin: ctx.stack.admin, op, accounts: ctx.sizes.decertifiedAccounts, log: ctx.log });
  },
  rows: (d) => [
    [
      `decertification of a partner with ${d.accounts} bound sellers`,
      `pages ${d.bindingsPerSecInSteps} bindings/s (${d.stepsSeconds} s); notices recorded ${d.noticesPerSec}/s (${d.seconds} s); PATCH ${d.patchMs} ms`,
      '',
      '',
      '',
    ],
  ],
};
