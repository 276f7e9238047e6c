// `npm run demo`: the whole story of docs/API.md, end to end, on this machine.
//
// Starts the API and the worker from the build (building first if needed) against a demo
// database, or uses a service already answering on PORT; provisions a seller with two
// administrators and a manager, and three partners with users; runs a local webhook receiver
// (and, when it starts the service itself, a local SMTP server so the e-mails show too);
// walks the story printing each step; then stays up and prints curl commands with tokens
// (or, with `--once`, stops there).
// Ctrl-C stops everything it started. See docs/DEMO.md.
import { handOver } from './demo/hand-over.mjs';
import { answers } from './demo/http.mjs';
import { PartnerEndpoints } from './demo/partner-endpoints.mjs';
import { bold, dim, note, say, step } from './demo/print.mjs';
import { provision } from './demo/provision.mjs';
import { SellerInbox } from './demo/seller-inbox.mjs';
import { closeOnStop, fail, startService, stopEverything } from './demo/service.mjs';
import { BASE, DEMO_DB, DIST, PORT, ROOT } from './demo/settings.mjs';
import { tellTheStory } from './demo/story.mjs';

process.on('SIGINT', () => stopEverything(0));
process.on('SIGTERM', () => stopEverything(0));

/** Uses a service already on PORT, or starts one (with a local SMTP server for the e-mails). */
async function startOrUseService() {
  step('Starting the service');
  const endpoints = await PartnerEndpoints.start();
  closeOnStop(endpoints);
  if (await answers(`${BASE}/health/live`)) {
    say(`A service is already answering on port ${PORT}: using it (nothing to start).`);
    note('E-mails are shown only when the demo starts the service itself, with its own SMTP server.');
    say(`A local webhook receiver plays the partners' endpoints at ${endpoints.url}.`);
    return { endpoints, inbox: null, startedHere: false };
  }
  const inbox = await SellerInbox.start();
  closeOnStop(inbox);
  const started = await startService(inbox?.url);
  say(`API on ${BASE} and worker (health on port ${started.workerPort}) started from ${DIST.replace(`${ROOT}/`, '')}, database ${DEMO_DB}.`);
  if (inbox) say(`E-mail goes to a local SMTP server the demo runs (${inbox.url}).`);
  note(`Service logs: ${started.logFile}`);
  say(`A local webhook receiver plays the partners' endpoints at ${endpoints.url}.`);
  return { endpoints, inbox, startedHere: true };
}

async function main() {
  console.log(bold('Partner Binding Service — demo'));
  console.log(dim('A seller binds certified technical partners; partners hear of it by signed webhook (and e-mail) and answer through their API.'));
  const { endpoints, inbox, startedHere } = await startOrUseService();

  step('The back office provisions a seller, its people, and three certified partners');
  const provisioned = await provision(endpoints, startedHere);
  const world = { ...provisioned, endpoints, inbox, startedHere, sellerHook: `${provisioned.account.name} back end` };
  const first = await tellTheStory(world);

  // `npm run demo -- --once`: tell the story and stop (a check that it still runs end to end).
  if (process.argv.includes('--once')) return stopEverything(0);
  handOver(world, first, startedHere);
  endpoints.announce = true;
  if (inbox) inbox.announce = true;
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
