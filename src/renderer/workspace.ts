/**
 * The signed-in workspace: the chat view model with its content pipeline (Markdown,
 * sanitiser) and desktop integration. Imported only once a session is open, so the
 * SDK-backed view models and content libraries stay out of the login screen's code.
 */
import { limits } from '../shared/limits';
import { neutraliseName } from './lib/content/display-text';
import { renderMarkdown } from './lib/content/markdown';
import { createHtmlSanitizer } from './lib/content/sanitize-html';
import type { MatrixSession } from './lib/matrix/matrix-session';
import { storedSelection } from './lib/selection-memory';
import { ChatViewModel, type DesktopPort } from './lib/view-models/chat-view-model';

export function openWorkspace({ client, userId }: MatrixSession): ChatViewModel {
  const sanitizer = createHtmlSanitizer(window);
  const content = {
    sanitize: (html: string) => sanitizer.sanitize(html),
    neutraliseName,
    renderMarkdown: (text: string) => renderMarkdown(text, sanitizer),
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
  };
  return new ChatViewModel(client, content, storedSelection(localStorage, userId), desktop);
}
