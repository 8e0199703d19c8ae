import { mount } from 'svelte';
import App from './App.svelte';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';

const session = new SessionViewModel(window.depesche);
window.addEventListener('pagehide', () => session.stop());
void session.restore();

mount(App, {
  target: document.getElementById('app')!,
  props: { session },
});
