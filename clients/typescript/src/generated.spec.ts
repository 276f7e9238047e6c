import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../examples/turn-on.ts', import.meta.url));

describe('the generated TypeScript client', () => {
  it('is what openapi-typescript generates from openapi.json today (else: npm run client:generate)', () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve('openapi-typescript')), '../bin/cli.js');
    // The package's own generate script, with --check: it exits non-zero when the output would differ.
    const [command, ...args] = (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { scripts: { generate: string } }).scripts.generate.split(
      ' ',
    );
    expect(command).toBe('openapi-typescript');
    const run = spawnSync(process.execPath, [cli, ...args, '--check'], { cwd: PACKAGE, encoding: 'utf8' });
    expect({
      status: run.status,
      output: `${run.stdout}${run.stderr}`.includes('not up-to-date') ? 'src/schema.ts is stale: run `npm run client:generate`' : 'ok',
    }).toEqual({ status: 0, output: 'ok' });
  });

  it('README’s "Calling the API from TypeScript" example is the type-checked examples/turn-on.ts', () => {
    const readme = readFileSync(README, 'utf8');
    const section = readme.slice(readme.indexOf('## Calling the API from TypeScript'));
    const block = section.match(/```ts\n([\s\S]*?)```/)?.[1];
    expect(block).toBe(readFileSync(EXAMPLE, 'utf8'));
  });
});
