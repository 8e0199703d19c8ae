/**
 * What the About dialog says of managed policy, so an administrator can check a
 * rollout on the machine itself: each source as main read it, the keys policy
 * sets with their values, keys waiting for a restart, and every problem. Follows
 * main's policyChanged event, like the policy notice.
 */
import type { BridgeResult } from '../../../shared/errors';
import type { PolicyKey, PolicyProblem, PolicyReport, PolicySourceReport } from '../../../shared/policy';
import { Observable } from './observable';

/** Booleans are said in words of the page's language; everything else as written in a policy file. */
export type PolicyValueText = { readonly kind: 'on' | 'off' } | { readonly kind: 'text'; readonly text: string };

export interface PolicySetting {
  readonly key: PolicyKey;
  readonly value: PolicyValueText;
  /** mandatory: locked, set by the organisation; recommended: a default the person may change. */
  readonly level: 'mandatory' | 'recommended';
}

export interface PolicyAbout {
  /** Main did not answer: nothing can be said of the policy. */
  readonly unavailable: boolean;
  readonly machineUnreadable: boolean;
  readonly sources: readonly PolicySourceReport[];
  readonly settings: readonly PolicySetting[];
  readonly pendingRestart: readonly PolicyKey[];
  readonly problems: readonly PolicyProblem[];
}

export function policyAboutOf(report: BridgeResult<PolicyReport>): PolicyAbout {
  if (!report.ok) return { unavailable: true, machineUnreadable: false, sources: [], settings: [], pendingRestart: [], problems: [] };
  const { values, locked, recommended = [], problems, machineUnreadable, pendingRestart = [], sources = [] } = report.value;
  // In the order main lists them (the schema's, as the templates); mandatory first, since those
  // cannot be changed. (The schema itself stays out of the page: it would bring zod to the login screen.)
  const setting = (key: PolicyKey, level: PolicySetting['level']): PolicySetting => ({ key, value: valueText(values[key]), level });
  const settings = [...locked.map((key) => setting(key, 'mandatory')), ...recommended.map((key) => setting(key, 'recommended'))];
  return { unavailable: false, machineUnreadable: machineUnreadable === true, sources, settings, pendingRestart, problems };
}

function valueText(value: unknown): PolicyValueText {
  if (typeof value === 'boolean') return { kind: value ? 'on' : 'off' };
  if (typeof value === 'string' || typeof value === 'number') return { kind: 'text', text: String(value) };
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return { kind: 'text', text: value.join(', ') };
  return { kind: 'text', text: JSON.stringify(value) ?? '' };
}

export class PolicyAboutModel extends Observable<PolicyAbout> {
  constructor(initial: BridgeResult<PolicyReport>) {
    super(policyAboutOf(initial));
  }

  update(report: BridgeResult<PolicyReport>): void {
    this.set(policyAboutOf(report));
  }
}
