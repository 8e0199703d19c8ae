/**
 * What the page tells people about managed policy itself: that their
 * organisation's settings could not be read (main then runs with restrictive
 * security settings), or that a change takes effect after a restart. Follows
 * main's policyChanged event.
 */
import type { BridgeResult } from '../../../shared/errors';
import type { PolicyReport } from '../../../shared/policy';
import { Observable } from './observable';

export interface PolicyNotice {
  readonly unreadable: boolean;
  readonly pendingRestart: boolean;
}

export function policyNoticeOf(report: BridgeResult<PolicyReport>): PolicyNotice {
  if (!report.ok) return { unreadable: false, pendingRestart: false };
  return { unreadable: report.value.machineUnreadable === true, pendingRestart: (report.value.pendingRestart ?? []).length > 0 };
}

export class PolicyNoticeModel extends Observable<PolicyNotice> {
  constructor(initial: BridgeResult<PolicyReport>) {
    super(policyNoticeOf(initial));
  }

  update(report: BridgeResult<PolicyReport>): void {
    this.set(policyNoticeOf(report));
  }
}
