import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One line that says how to get what the WordPress tests need. */
export const INSTALL_HINT =
  'WordPress tests need PHP, MariaDB, WordPress and PHPUnit: run .ci/install-wordpress ' +
  '(apt-get install -y --no-install-recommends wordpress php-cli php-mysql php-curl mariadb-server phpunit)';

/** The test files that start PHP; the rest of test/wordpress runs on Node alone. */
export const WORDPRESS_TEST_FILES = [
  'test/wordpress/phpunit.test.ts',
  'test/wordpress/vectors.test.ts',
  'test/wordpress/end-to-end.test.ts',
];

const PATH_WITH_SBIN = `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin`;

function runs(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, PATH: PATH_WITH_SBIN },
    });
  } catch {
    return undefined;
  }
}

/** What is missing for the WordPress tests, empty when everything is there. */
export function missingWordpressTools(): string[] {
  const missing: string[] = [];
  const modules = runs('php', ['-m']);
  if (modules === undefined) missing.push('php');
  else {
    if (!/^mysqli$/m.test(modules)) missing.push('php-mysql');
    if (!/^curl$/m.test(modules)) missing.push('php-curl');
  }
  if (runs('phpunit', ['--version']) === undefined) missing.push('phpunit');
  for (const tool of ['mariadbd', 'mariadb-install-db', 'mariadb']) {
    if (runs(tool, ['--version']) === undefined) missing.push(tool);
  }
  if (!existsSync('/usr/share/wordpress/wp-load.php')) missing.push('wordpress');
  return missing;
}

/**
 * Files to leave out of the run. Without the tools they are left out locally with one line saying how
 * to install them; under CI=true nothing is left out, so their absence fails the run.
 */
export function wordpressTestExclusions(): string[] {
  if (process.env.CI === 'true') return [];
  const missing = missingWordpressTools();
  if (missing.length === 0) return [];
  console.warn(`[test/wordpress] PHP-based tests not run, missing ${missing.join(', ')}. ${INSTALL_HINT}`);
  return WORDPRESS_TEST_FILES;
}

/** Fails a suite early, with the install hint, when a tool is missing (CI runs them regardless). */
export function assertWordpressTools(): void {
  const missing = missingWordpressTools();
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}. ${INSTALL_HINT}`);
}
