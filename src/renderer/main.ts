import { mount } from 'svelte';
import App from './App.svelte';
import { createRendererLog, reportPageProblems } from './lib/diagnostics';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';

const log = createRendererLog(window.depesche);
reportPageProblems(window, log);

const session = new SessionViewModel(window.depesche, log);
window.addEventListener('pagehide', () => session.stop());
void session.restore();

mount(App, {
  target: document.getElementById('app')!,
  props: { session },
});
