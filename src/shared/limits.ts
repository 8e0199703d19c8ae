/**
 * Upper bounds for every argument that crosses the bridge. Kept apart from the
 * validators so the renderer can trim to them without bundling zod.
 */
export const limits = {
  url: 2048,
  matrixId: 255,
  accessToken: 4096,
  serverInput: 512,
  linkText: 4096,
  fileName: 1024,
  /** Largest file the renderer may hand to main for saving. */
  saveBytes: 512 * 1024 * 1024,
  /** Messages, attachments and the like counted in a records export's summary. */
  recordParts: 1_000_000,
  notificationTitle: 255,
  notificationBody: 1000,
  logMessage: 2000,
  unreadCount: 1_000_000,
  /** A recovery key is 59 characters: room for its spacing, not for anything else. */
  clipboardSecret: 80,
} as const;
