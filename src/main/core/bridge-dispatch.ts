/**
 * Runs one bridge call: finds it in the contract, validates the arguments, calls
 * the handler and turns every outcome into a `BridgeResult`. Never throws, so no
 * renderer input can crash the main process through the bridge.
 */
import { bridgeCalls, type BridgeCaller, type BridgeHandlers, type CallDescriptor } from '../../shared/bridge';
import { DepescheError, fail, ok, type BridgeResult } from '../../shared/errors';

const callsByChannel = new Map<string, CallDescriptor>(bridgeCalls.map((call) => [call.channel, call]));

/** `caller` is trusted: only code that checked the sender (ipc.ts, the harness) calls a dispatcher. */
export type BridgeDispatcher = (channel: unknown, args: unknown, caller: BridgeCaller) => Promise<BridgeResult<unknown>>;

export function createBridgeDispatcher(
  handlers: BridgeHandlers,
  reportInternalError: (channel: string, error: unknown) => void,
): BridgeDispatcher {
  return async (channel, args, caller) => {
    const call = typeof channel === 'string' ? callsByChannel.get(channel) : undefined;
    if (!call) return fail('unknown-call', 'This call is not part of the bridge contract.');

    const parsed = validate(call, args);
    if (!parsed.valid) return fail('invalid-argument', parsed.message);

    const namespace = handlers[call.namespace as keyof BridgeHandlers] as Record<string, (a: unknown, c: BridgeCaller) => Promise<unknown>>;
    try {
      return ok(await namespace[call.method]!(parsed.data, caller));
    } catch (error) {
      if (error instanceof DepescheError) return fail(error.code, error.message);
      reportInternalError(call.channel, error);
      return fail('internal', 'An unexpected error occurred in the main process.');
    }
  };
}

/** Validation that cannot throw, even on values with hostile getters or prototypes. */
function validate(call: CallDescriptor, args: unknown): { valid: true; data: unknown } | { valid: false; message: string } {
  const prefix = `Invalid argument for ${call.namespace}.${call.method}`;
  try {
    const parsed = call.args.safeParse(args);
    if (parsed.success) return { valid: true, data: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    return { valid: false, message: `${prefix}${where}: ${issue?.message ?? 'rejected'}` };
  } catch {
    return { valid: false, message: `${prefix}: not a plain value` };
  }
}
