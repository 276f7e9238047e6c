import jwt from 'jsonwebtoken';
import { createSecretKey } from 'node:crypto';
const secret = 'x'.repeat(64); const key = createSecretKey(Buffer.from(secret));
const token = jwt.sign({ sub: '0190a0c0-0000-7000-8000-000000000000', kind: 'seller' }, secret, { algorithm: 'HS256', expiresIn: 3600 });
for (const [name, k] of [['string secret', secret], ['KeyObject', key], ['string secret', secret], ['KeyObject', key]]) {
  const n = 20000; const t = performance.now();
  for (let i = 0; i < n; i++) jwt.verify(token, k, { algorithms: ['HS256'], clockTolerance: 0 });
  console.log(name, ((performance.now() - t) * 1000 / n).toFixed(1), 'µs per verify');
}
