// Alternating rounds: service, baseline, then baseline, service, … so drift in the box's load falls on
// both sides alike. Every round records the 1-minute load average at its start (other engineers' test
// suites share the two cores), and a figure is reported as median and range over the rounds.
import { readFileSync } from 'node:fs';
import { median, round, spread } from './util.mjs';

export const loadAvg1m = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/**
 * Runs `rounds` rounds; in each, `measure(side, k)` for both sides in alternating order. Returns
 * { service: [...], bare: [...], load: [...] } with whatever `measure` returned per round.
 */
export async function alternate(rounds, measure) {
  const out = { service: [], bare: [], load: [] };
  for (let k = 0; k < rounds; k++) {
    out.load.push(loadAvg1m());
    const order = k % 2 ? ['bare', 'service'] : ['service', 'bare'];
    for (const side of order) out[side].push(await measure(side, k));
  }
  return out;
}

/** { value, baseline, ratio, range: {...}, loadAvg1m } from per-round service and baseline figures (higher is better). */
export function compare(service, bare, load, digits = 0) {
  const ratios = service.map((v, i) => v / bare[i]);
  return {
    value: round(median(service), digits),
    baseline: round(median(bare), digits),
    ratio: round(median(ratios), 3),
    range: { value: spread(service, digits), baseline: spread(bare, digits), ratio: spread(ratios, 3) },
    loadAvg1m: spread(load, 2),
  };
}

/** "1537 [1432–1624]" */
export const withRange = (value, s, digits = 0) => (s ? `${value} [${round(s.min, digits)}–${round(s.max, digits)}]` : `${value}`);
