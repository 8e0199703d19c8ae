/**
 * The signed-in workspace: its view model with the content pipeline (Markdown,
 * sanitiser, images), drafts and outbox, and desktop integration. Imported only once a
 * session is open, so the SDK-backed view models and content libraries stay out of the
 * login screen's code.
 */
import regularFont from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import boldFont from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import { limits } from '../shared/limits';
import { openComposeMemory } from './lib/compose-memory';
import { openIndexStore } from './lib/search/sealed-index-store';
import { neutraliseName } from './lib/content/display-text';
import { readImage } from './lib/content/image-facts';
import type { RendererLog } from './lib/diagnostics';
import { renderMarkdown } from './lib/content/markdown';
import { createHtmlSanitizer } from './lib/content/sanitize-html';
import type { MatrixSession } from './lib/matrix/matrix-session';
import { storedSelection } from './lib/selection-memory';
import { filePolicyOf } from './lib/view-models/attachments-view-model';
import { PrivacyChoices } from './lib/view-models/privacy-choices';
import { storedNotificationContent } from './lib/notification-content-memory';
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
    notify: ({ roomId, roomName, sender, body, sound, content }) =>
      void window.depesche.notifications.show({
        roomId,
        roomName: roomName.slice(0, limits.notificationTitle),
        sender: sender.slice(0, limits.notificationTitle),
        body: body.length > limits.notificationBody ? `${body.slice(0, limits.notificationBody - 1)}…` : body,
        sound,
        ...(content ? { content } : {}),
      }),
    notificationContent: storedNotificationContent(localStorage, userId),
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
    records: {
      // A policy main cannot answer offers no export (fails closed); main checks again when saving.
      enabled: async () => {
        const policy = await window.depesche.policy.get();
        return policy.ok && policy.value.values['export.enabled'] && policy.value.values['downloads.enabled'];
      },
      save: async (suggestedName, bytes, summary) => {
        const saved = await window.depesche.records.save({ suggestedName, bytes, summary });
        if (!saved.ok) throw new Error(saved.error.code);
        return saved.value;
      },
      fonts: async () => ({ regular: await bundled(regularFont), bold: await bundled(boldFont) }),
      application: async () => {
        const info = await window.depesche.app.info();
        return info.ok ? { name: info.value.name, version: info.value.version } : { name: 'Depesche', version: 'unknown' };
      },
    },
    saveFile: async (suggestedName, bytes) => {
      const saved = await window.depesche.files.save({ suggestedName, bytes });
      if (!saved.ok) throw new Error(saved.error.code);
      return saved.value;
    },
  };
  const [compose, searchIndex, privacy] = await Promise.all([
    openComposeMemory(localStorage, userId, sealingKey, log),
    openIndexStore(userId, sealingKey, log),
    privacyChoices(userId, log),
  ]);
  return new WorkspaceViewModel(client, content, storedSelection(localStorage, userId), desktop, compose, { privacy, searchIndex, sync });
}

/** A file bundled with the app (fetched from its own origin). */
async function bundled(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Policy fails closed: if main cannot say, neither receipts nor typing are shown to others, and that is locked. */
async function privacyChoices(userId: string, log: RendererLog): Promise<PrivacyChoices> {
  const policy = await window.depesche.policy.get();
  if (!policy.ok) {
    log('warn', `Policy unavailable (${policy.error.code}); read receipts stay private and typing is not shown.`);
    return PrivacyChoices.fixed({ readReceipts: false, typingNotifications: false });
  }
  const { values, locked } = policy.value;
  const state = (key: 'privacy.readReceipts' | 'privacy.typingNotifications') => ({ on: values[key], locked: locked.includes(key) });
  return new PrivacyChoices({ readReceipts: state('privacy.readReceipts'), typingNotifications: state('privacy.typingNotifications') }, localStorage, userId);
}
