import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { z } from 'zod';

const reportSchema = z.object({
  pluginReports: z.array(
    z.object({
      violations: z.array(
        z.object({
          ruleName: z.string(),
          violatingConstructs: z.array(z.object({ constructPath: z.string() })),
        }),
      ),
    }),
  ),
});

/**
 * Every violation the validation plugins reported for a synthesized assembly, as `rule at path`.
 * The Control Tower validator concludes "success" on some rules it prints as ERROR, so a synth
 * that did not throw is not proof that nothing was found.
 */
export function reportedViolations(assemblyDirectory: string): string[] {
  const report = reportSchema.parse(
    JSON.parse(readFileSync(join(assemblyDirectory, VALIDATION_REPORT_FILE), 'utf8')),
  );
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((each) => `${violation.ruleName} at ${each.constructPath}`),
    ),
  );
}
