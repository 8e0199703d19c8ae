/**
 * The signed-in workspace: its view model with the content pipeline (Markdown,
 * sanitiser, images), drafts and outbox, and desktop integration. Imported only once a
 * session is open, so the SDK-backed view models and content libraries stay out of the
 * login screen's code.
 */
import { limits } from '../shared/limits';
import { openComposeMemory } from './lib/compose-memory';
import { neutraliseName } from './lib/content/display-text';
import { readImage } from './lib/content/image-facts';
import type { RendererLog } from './lib/diagnostics';
import { renderMarkdown } from './lib/content/markdown';
import { createHtmlSanitizer } from './lib/content/sanitize-html';
import type { MatrixSession } from './lib/matrix/matrix-session';
import { storedSelection } from './lib/selection-memory';
import { filePolicyOf } from './lib/view-models/attachments-view-model';
import type { PrivacySettings } from './lib/view-models/room-view-model';
import { WorkspaceViewModel, type DesktopPort } from './lib/view-models/workspace-view-model';
import type { SaveText } from './lib/view-models/room-key-transfer';

export async function openWorkspace({ client, userId, sealingKey, sync }: MatrixSession, saveText: SaveText, log: RendererLog): Promise<WorkspaceViewModel> {
  const sanitizer = createHtmlSanitizer(window);
  const content = {
    // Received messages: sanitised, with the addresses in their text made links.
    sanitize: (html: string) => sanitizer.display(html),
    linkify: (text: string) => sanitizer.displayText(text),
    neutraliseName,
    renderMarkdown: (text: string) => renderMarkdown(text, sanitizer),
    readImage,
  };
  const desktop: DesktopPort = {
    // Trimmed to the bridge's bounds: a long message still notifies, shortened.
    notify: ({ roomId, roomName, sender, body }) =>
      void window.depesche.notifications.show({
        roomId,
        roomName: roomName.slice(0, limits.notificationTitle),
        sender: sender.slice(0, limits.notificationTitle),
        body: body.length > limits.notificationBody ? `${body.slice(0, limits.notificationBody - 1)}…` : body,
      }),
    setUnreadCount: (count) => void window.depesche.app.setUnreadCount(count),
    isAttentive: () => document.visibilityState === 'visible' && document.hasFocus(),
    setLocked: (locked) => void window.depesche.app.setLocked(locked),
    saveText,
    filePolicy: async () => {
      const policy = await window.depesche.policy.get();
      if (!policy.ok) throw new Error(policy.error.code);
      return filePolicyOf(policy.value);
    },
    // A policy main cannot answer leaves only the own homeserver (fails closed).
    allowedServers: async () => {
      const policy = await window.depesche.policy.get();
      if (!policy.ok) throw new Error(policy.error.code);
      return policy.value.values['federation.allowedServers'] ?? null;
    },
    saveFile: async (suggestedName, bytes) => {
      const saved = await window.depesche.files.save({ suggestedName, bytes });
      if (!saved.ok) throw new Error(saved.error.code);
      return saved.value;
    },
  };
  const compose = await openComposeMemory(localStorage, userId, sealingKey, log);
  return new WorkspaceViewModel(client, content, storedSelection(localStorage, userId), desktop, compose, await privacySettings(log), sync);
}

/** Policy fails closed: if main cannot say, neither receipts nor typing are shown to others. */
async function privacySettings(log: RendererLog): Promise<PrivacySettings> {
  const policy = await window.depesche.policy.get();
  if (!policy.ok) {
    log('warn', `Policy unavailable (${policy.error.code}); read receipts stay private and typing is not shown.`);
    return { readReceipts: false, typingNotifications: false };
  }
  const { values } = policy.value;
  return { readReceipts: values['privacy.readReceipts'], typingNotifications: values['privacy.typingNotifications'] };
}
