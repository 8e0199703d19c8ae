/**
 * A device of the app in Node: the SessionViewModel with a Node bridge and an in-memory
 * secret store, without a workspace, whose opened session (with its SDK client) a test
 * can reach once it is signed in.
 */
import 'fake-indexeddb/auto';
import type { MatrixClient } from 'matrix-js-sdk';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import type { MatrixSession } from '../../src/renderer/lib/matrix/matrix-session';
import type { WorkspaceViewModel } from '../../src/renderer/lib/view-models/workspace-view-model';
import { SessionViewModel } from '../../src/renderer/lib/view-models/session-view-model';
import { createNodeBridge } from './node-bridge';

export interface AppDevice {
  readonly model: SessionViewModel;
  /** The session's client, once the workspace would open. */
  client(): MatrixClient;
}

export async function appDevice(profile: string): Promise<AppDevice> {
  const { bridge } = await createNodeBridge(createMemorySecretStore(), profile);
  const sessions: MatrixSession[] = [];
  const model = new SessionViewModel(bridge, undefined, async (session) => {
    sessions.push(session);
    return null as unknown as WorkspaceViewModel;
  });
  await model.restore();
  return { model, client: () => sessions[0]!.client };
}
