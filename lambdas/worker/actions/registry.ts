import type { ActionConfig } from '../../shared/config/schema.js';
import { forward } from './forward.js';
import type { ActionDeps, ActionEvent, ActionResult, ActionRunner } from './types.js';

type ActionType = ActionConfig['type'];
type ActionOf<T extends ActionType> = Extract<ActionConfig, { type: T }>;

/**
 * One line per action `type`. The config schema's union is the source of truth: an action type
 * without a line here is a type error.
 */
export const ACTIONS: { readonly [T in ActionType]: ActionRunner<ActionOf<T>> } = {
  forward,
};

// Indexing the mapped type with a generic keeps the runner and its config paired.
const runnerOf = <T extends ActionType>(type: T): ActionRunner<ActionOf<T>> => ACTIONS[type];

export function runAction(action: ActionConfig, event: ActionEvent, deps: ActionDeps): Promise<ActionResult> {
  return runnerOf(action.type)(action, event, deps);
}
