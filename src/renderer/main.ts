import { mount } from 'svelte';
import App from './App.svelte';
import { renderMarkdown } from './lib/content/markdown';
import { neutraliseName } from './lib/content/display-text';
import { createHtmlSanitizer } from './lib/content/sanitize-html';
import { createRendererLog, reportPageProblems } from './lib/diagnostics';
import { storedSelection } from './lib/selection-memory';
import { ChatViewModel } from './lib/view-models/chat-view-model';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';

const log = createRendererLog(window.depesche);
reportPageProblems(window, log);

const sanitizer = createHtmlSanitizer(window);
const content = {
  sanitize: (html: string) => sanitizer.sanitize(html),
  neutraliseName,
  renderMarkdown: (text: string) => renderMarkdown(text, sanitizer),
};
const session = new SessionViewModel(window.depesche, log, ({ client, userId }) =>
  new ChatViewModel(client, content, storedSelection(localStorage, userId)),
);
window.addEventListener('pagehide', () => session.stop());
void session.restore();

mount(App, {
  target: document.getElementById('app')!,
  props: {
    session,
    openLink: (url: string, text: string) => void window.depesche.links.openExternal({ url, text }),
  },
});
