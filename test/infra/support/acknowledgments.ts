import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One rule a construct acknowledged, with the reason given. */
export interface Acknowledgment {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every acknowledgment filed under `root` (cdk-nag's and the Control Tower validator's alike). */
export function acknowledgments(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      // aws-cdk-lib files an unqualified id under its annotation namespace; cdk-nag 3 strips it.
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}
