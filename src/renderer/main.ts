import { mount } from 'svelte';
import { limits } from '../shared/limits';
import type { Policy } from '../shared/policy';
import App from './App.svelte';
import { renderMarkdown } from './lib/content/markdown';
import { neutraliseName } from './lib/content/display-text';
import { readImage } from './lib/content/image-facts';
import { createHtmlSanitizer } from './lib/content/sanitize-html';
import { createRendererLog, reportPageProblems } from './lib/diagnostics';
import { forgetComposing, storedDrafts, storedOutbox } from './lib/compose-memory';
import { LanguageSetting } from './lib/i18n/language-setting';
import { storedSelection } from './lib/selection-memory';
import { filePolicyOf } from './lib/view-models/attachments-view-model';
import { ChatViewModel, type DesktopPort } from './lib/view-models/chat-view-model';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';
import './styles/controls.css';
import './styles/dialog.css';

const log = createRendererLog(window.depesche);
reportPageProblems(window, log);

const sanitizer = createHtmlSanitizer(window);
const content = {
  sanitize: (html: string) => sanitizer.sanitize(html),
  neutraliseName,
  renderMarkdown: (text: string) => renderMarkdown(text, sanitizer),
  readImage,
};
async function saveText(suggestedName: string, text: string): Promise<boolean> {
  const saved = await window.depesche.files.save({ suggestedName, bytes: new TextEncoder().encode(text) });
  return saved.ok && saved.value === 'saved';
}
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
  saveText,
  filePolicy: async () => {
    const policy = await window.depesche.policy.get();
    if (!policy.ok) throw new Error(policy.error.code);
    return filePolicyOf(policy.value);
  },
  saveFile: async (suggestedName, bytes) => {
    const saved = await window.depesche.files.save({ suggestedName, bytes });
    if (!saved.ok) throw new Error(saved.error.code);
    return saved.value;
  },
};
const session = new SessionViewModel(
  window.depesche,
  log,
  ({ client, userId }) =>
    new ChatViewModel(client, content, storedSelection(localStorage, userId), desktop, {
      drafts: storedDrafts(localStorage, userId),
      outbox: storedOutbox(localStorage, userId),
    }),
  (userId) => forgetComposing(localStorage, userId),
);
// A clicked notification opens its room.
window.depesche.on('notificationClicked', ({ roomId }) => {
  const state = session.value;
  if (state.phase === 'signed-in') state.chat?.selectRoom(roomId);
});
window.addEventListener('pagehide', () => session.stop());
void session.restore();

// Without the policy (main unreachable), the person's own choice applies.
const policy = await window.depesche.policy.get();
const policyValues: Partial<Policy> = policy.ok ? policy.value.values : {};
const language = new LanguageSetting(localStorage, policyValues, navigator.languages);

mount(App, {
  target: document.getElementById('app')!,
  props: {
    session,
    language,
    fixedHomeserver: policyValues['homeserver.url'] ?? null,
    openLink: (url: string, text: string) => void window.depesche.links.openExternal({ url, text }),
    saveText,
  },
});
