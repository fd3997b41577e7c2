import { configDefaults, defineConfig } from 'vitest/config';
import { wordpressTestExclusions } from './test/wordpress/support/requirements.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Without PHP, MariaDB and WordPress the WordPress tests are left out locally (one line says how
    // to install them); under CI=true they run and fail.
    exclude: [...configDefaults.exclude, ...wordpressTestExclusions()],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    env: {
      // Powertools prints EMF metrics to stdout and would try X-Ray outside Lambda; tests need neither.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
