// Builds the service into bench/.dist (never anyone's dist/), unless it is newer than every source.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Files under `dir` that still import an `@app/...` alias (the build must rewrite them to relative paths). */
function unrewritten(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) unrewritten(path, out);
    else if (entry.name.endsWith('.js') && /(from|import)\s*\(?\s*['"]@app\//.test(readFileSync(path, 'utf8'))) out.push(path);
  }
  return out;
}

export function build({ root, dist, options, log }) {
  // The webhook receiver verifies signatures with the client package partners use.
  if (!existsSync(join(root, 'clients/typescript/dist/webhooks.js'))) {
    log('build: clients/typescript');
    execFileSync('npm', ['run', 'build', '-w', '@partner-binding/client'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const stamp = join(dist, '.built');
  const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')), statSync(join(root, 'tsconfig.bench.json')).mtimeMs);
  const fresh = existsSync(stamp) && statSync(stamp).mtimeMs > sources && existsSync(join(dist, 'apps/worker/src/main.js'));
  if (options.noBuild || (fresh && !options.build)) {
    log(`build: bench/.dist is ${fresh ? 'up to date' : 'kept (--no-build)'}`);
    return;
  }
  for (const app of ['api', 'worker']) {
    log(`build: nest build ${app} -p tsconfig.bench.json`);
    execFileSync('npx', ['nest', 'build', app, '-p', 'tsconfig.bench.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const leftovers = [...unrewritten(join(dist, 'apps')), ...unrewritten(join(dist, 'libs'))];
  if (leftovers.length) throw new Error(`unrewritten @app/ imports in:\n${leftovers.join('\n')}`);
  writeFileSync(stamp, new Date().toISOString());
}
