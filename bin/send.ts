import '../local/process-env.js';
import { readFileSync } from 'node:fs';
import { findCliTarget, sourceOrExit } from '../local/cli-target.js';
import { readLocalSecret } from '../local/local-secret.js';
import { deliveryIdFor, signedRequest } from '../local/signed-request.js';

// `npm run send -- <sourceId> <file.json>`: signs the file's bytes as the source's vendor would and
// posts them to the running local gateway; prints the status and the body.
const [sourceId, file] = process.argv.slice(2);
if (sourceId === undefined || file === undefined) {
  process.stderr.write('usage: npm run send -- <sourceId> <file.json>\n');
  process.exit(2);
}

try {
  const target = await findCliTarget();
  const source = sourceOrExit(target.config, sourceId);
  const body = new Uint8Array(readFileSync(file));
  const request = signedRequest({
    baseUrl: target.baseUrl,
    source,
    secret: readLocalSecret(target.secretsFile, source.secretName, 'signingSecret'),
    body,
    nowSeconds: Math.floor(Date.now() / 1000),
    id: deliveryIdFor(source, body),
  });
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
  process.exit(response.status < 400 ? 0 : 1);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
