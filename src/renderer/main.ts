import { mount } from 'svelte';
import App from './App.svelte';
import { createRendererLog, reportPageProblems } from './lib/diagnostics';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';

const log = createRendererLog(window.depesche);
reportPageProblems(window, log);

// The workspace (and with it the SDK) loads once a session is open: the login screen stays small.
const session = new SessionViewModel(window.depesche, log, async (matrix) => (await import('./workspace')).openWorkspace(matrix));
// A clicked notification opens its room.
window.depesche.on('notificationClicked', ({ roomId }) => {
  const state = session.value;
  if (state.phase === 'signed-in') state.chat?.selectRoom(roomId);
});
window.addEventListener('pagehide', () => session.stop());
void session.restore();

mount(App, {
  target: document.getElementById('app')!,
  props: {
    session,
    openLink: (url: string, text: string) => void window.depesche.links.openExternal({ url, text }),
  },
});
