/** A desktop port for view-model tests that need none of it: nothing is shown, saved or asked. */
import type { DesktopPort } from '../../src/renderer/lib/view-models/workspace-view-model';

/** Records exports as where policy does not offer them: nothing is exported. */
export const noRecords: DesktopPort['records'] = {
  enabled: async () => false,
  save: async () => ({ outcome: 'cancelled' }),
  fonts: async () => {
    throw new Error('This test exports nothing');
  },
  application: async () => ({ name: 'Depesche', version: 'test' }),
};

export function quietDesktop(overrides: Partial<DesktopPort> = {}): DesktopPort {
  return {
    notify: () => {},
    setUnreadCount: () => {},
    isAttentive: () => true,
    setLocked: () => {},
    saveText: async () => false,
    filePolicy: async () => ({ maxUploadBytes: null, downloadsEnabled: true }),
    allowedServers: async () => null,
    saveFile: async () => 'cancelled' as const,
    notificationContent: { policy: async () => ({ content: 'full', locked: false }), load: () => null, save: () => {} },
    records: noRecords,
    ...overrides,
  };
}
