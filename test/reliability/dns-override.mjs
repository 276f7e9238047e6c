// Preloaded into the service processes of the SSRF test (node --import): host names listed in
// the JSON file REL_DNS_FILE resolve to the address written there, read afresh on every lookup,
// so the test can change DNS between save and delivery. Other names resolve as usual.
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const table = () => {
  try {
    return JSON.parse(readFileSync(process.env.REL_DNS_FILE, 'utf8'));
  } catch {
    return {};
  }
};
const family = (address) => (address.includes(':') ? 6 : 4);
const original = dns.lookup;
const originalPromise = dns.promises.lookup;

dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : {};
  const address = table()[hostname];
  if (!address) return original.call(dns, hostname, options, callback);
  process.nextTick(() => (opts.all ? cb(null, [{ address, family: family(address) }]) : cb(null, address, family(address))));
};
dns.promises.lookup = async function lookup(hostname, options = {}) {
  const address = table()[hostname];
  if (!address) return originalPromise.call(dns.promises, hostname, options);
  return options.all ? [{ address, family: family(address) }] : { address, family: family(address) };
};
syncBuiltinESMExports();
