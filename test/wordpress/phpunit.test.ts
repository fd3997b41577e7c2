import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../e2e/support/local-process.js';
import { assertWordpressTools } from './support/requirements.js';
import { startSite, type WordpressSite } from './support/site.js';

const TESTS = join(REPO, 'wordpress/tests/phpunit');
const CONFIG = join(REPO, 'wordpress/phpunit.xml.dist');
// One vitest test per PHPUnit file, so a failure names the concern (signer, jwt, sender, …).
const FILES = readdirSync(TESTS)
  .filter((file) => /^test-.*\.php$/.test(file))
  .sort();

/** The test class a file declares (WordPress names files test-*.php, not after their class). */
function testClassOf(file: string): string {
  const name = /^class (Test_\w+) extends/m.exec(readFileSync(join(TESTS, file), 'utf8'))?.[1];
  if (name === undefined) throw new Error(`${file} declares no Test_ class`);
  return name;
}

function phpunit(site: WordpressSite, file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'phpunit',
      ['-c', CONFIG, '--filter', `/^${testClassOf(file)}::/`],
      { cwd: REPO, env: { ...process.env, WGB_WP_DIR: site.wpDir }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('the plugin on a real WordPress and MariaDB (PHPUnit)', () => {
  let site: WordpressSite;

  beforeAll(async () => {
    assertWordpressTools();
    site = await startSite();
  });

  afterAll(async () => {
    await site?.stop();
  });

  it('has PHPUnit tests for every concern', () => {
    expect(FILES).toEqual([
      'test-admin.php',
      'test-deliveries.php',
      'test-installer.php',
      'test-jwt.php',
      'test-payload.php',
      'test-receiver.php',
      'test-retry-policy.php',
      'test-sender.php',
      'test-signer.php',
    ]);
  });

  it.each(FILES)('%s passes with no failure, error, warning, risky or skipped test', async (file) => {
    const { code, output } = await phpunit(site, file);

    // A bare "OK (n tests, …)" line: "OK, but incomplete, skipped, or risky tests!" does not count.
    expect(output, output).toMatch(/^OK \(\d+ tests?, \d+ assertions?\)$/m);
    expect(code, output).toBe(0);
  });
});
