import { mount } from 'svelte';
import type { LogExportOutcome } from '../shared/bridge';
import type { Policy } from '../shared/policy';
import App from './App.svelte';
import { forgetComposing } from './lib/compose-memory';
import { createRendererLog, reportPageProblems } from './lib/diagnostics';
import { LanguageSetting } from './lib/i18n/language-setting';
import { forgetNotificationContent } from './lib/notification-content-memory';
import { roomLinkInbox } from './lib/room-link-inbox';
import { forgetIndex } from './lib/search/index-database';
import { forgetSelection } from './lib/selection-memory';
import { AppearanceSetting } from './lib/view-models/appearance-setting';
import { PolicyAboutModel } from './lib/view-models/policy-about';
import { forgetPrivacyChoices } from './lib/view-models/privacy-choices';
import { PolicyNoticeModel } from './lib/view-models/policy-notice';
import { SessionViewModel } from './lib/view-models/session-view-model';
import './styles/tokens.css';
import './styles/controls.css';
import './styles/dialog.css';

const log = createRendererLog(window.depesche);
// Before anything is drawn, so the page never flashes in another theme or size.
const appearance = new AppearanceSetting(localStorage, document.documentElement.dataset);
reportPageProblems(window, log);

/** Saves text through main's save dialog (recovery key, room keys); true once saved. */
async function saveText(suggestedName: string, text: string): Promise<boolean> {
  const saved = await window.depesche.files.save({ suggestedName, bytes: new TextEncoder().encode(text) });
  return saved.ok && saved.value === 'saved';
}

/** Copies a secret (the recovery key) through main, which clears the clipboard again after a minute; true once copied. */
async function copySecret(text: string): Promise<boolean> {
  return (await window.depesche.clipboard.writeSecret({ text })).ok;
}

// The workspace (and with it the SDK) loads once a session is open: the login screen stays small.
const session = new SessionViewModel(
  window.depesche,
  log,
  async (matrix) => (await import('./workspace')).openWorkspace(matrix, saveText, log),
  (userId) => {
    forgetComposing(localStorage, userId);
    forgetSelection(localStorage, userId);
    forgetPrivacyChoices(localStorage, userId);
    forgetNotificationContent(localStorage, userId);
    void forgetIndex(userId);
  },
);
// A clicked notification opens its room.
window.depesche.on('notificationClicked', ({ roomId }) => {
  const state = session.value;
  if (state.phase === 'signed-in') state.chat?.selectRoom(roomId);
});
// Idle time or the OS's lock screen (main asks): the workspace gives way to the lock screen.
// Asked before the workspace is open (verifying, loading), the lock waits and comes with it,
// so main, which locked at once, is not left locked with nothing on screen to unlock.
let pendingLock: 'idle' | 'manual' | null = null;
const lockWorkspace = () => {
  const state = session.value;
  if (pendingLock === null || state.phase !== 'signed-in' || !state.chat) return;
  state.chat.lock.lock(pendingLock);
  pendingLock = null;
};
window.depesche.on('lockRequested', ({ reason }) => {
  pendingLock = reason;
  lockWorkspace();
});
session.subscribe((state) => {
  if (state.phase === 'signed-in') lockWorkspace();
  // Signed out meanwhile: nothing left to lock, and main must not stay locked for the next person.
  else if (state.phase === 'signed-out' && pendingLock !== null) {
    pendingLock = null;
    void window.depesche.app.setLocked(false);
  }
});
// A depesche:// link opens its room (or event), now or once signed in.
const openRoomLink = roomLinkInbox(session);
window.depesche.on('deepLinkOpened', ({ roomIdOrAlias, eventId }) => openRoomLink({ kind: 'room', roomIdOrAlias, ...(eventId ? { eventId } : {}) }));
window.addEventListener('pagehide', () => session.stop());
void session.restore();

// Without the policy (main unreachable), the person's own choices apply.
const policy = await window.depesche.policy.get();
const policyValues: Partial<Policy> = policy.ok ? policy.value.values : {};
// A recommended language is only a default: the person's own pick beats it, and the picker stays free.
const languageLocked = policy.ok && policy.value.locked.includes('language');
const language = new LanguageSetting(
  localStorage,
  languageLocked ? { language: policyValues.language } : { recommended: policyValues.language },
  navigator.languages,
);
const policyNotice = new PolicyNoticeModel(policy);
const policyAbout = new PolicyAboutModel(policy);
// Live keys (links, downloads, uploads, notifications, idle lock) are decided by main or read again here.
window.depesche.on('policyChanged', () => {
  void window.depesche.policy.get().then((next) => {
    policyNotice.update(next);
    policyAbout.update(next);
    const state = session.value;
    if (state.phase === 'signed-in') state.chat?.attachments.reloadPolicy();
  });
});

async function exportLogs(): Promise<LogExportOutcome> {
  const saved = await window.depesche.log.export();
  if (saved.ok) return saved.value;
  return saved.error.code === 'policy-forbidden' ? 'refused' : 'failed';
}

/** A kiosk's End session (and idle sign-out): the device goes on the server, and the page starts afresh for the next person. */
async function endKioskSession(): Promise<void> {
  await session.endSession();
  // Even if a sign-out was already under way: main forgets the session before the page starts afresh, or the reload would restore it.
  await window.depesche.session.clear();
  // Everything the page kept in its (memory-only) storage, the language choice included.
  localStorage.clear();
  sessionStorage.clear();
  // A new page: no object of the last session is left in this page's memory.
  location.reload();
}

mount(App, {
  target: document.getElementById('app')!,
  props: {
    session,
    language,
    policyNotice,
    fixedHomeserver: policyValues['homeserver.url'] ?? null,
    // Main knows whether checking would fetch dictionaries from a public server; unknown means off.
    spellcheck: policy.ok && policy.value.effective.spellcheck,
    openLink: (url: string, text: string) => void window.depesche.links.openExternal({ url, text }),
    saveText,
    copySecret,
    policyAbout,
    appearance,
    appInfo: async () => {
      const info = await window.depesche.app.info();
      return info.ok ? info.value : null;
    },
    // Not offered where policy keeps files from being saved (a kiosk included), or is unknown.
    exportLogs: policy.ok && policyValues['downloads.enabled'] ? exportLogs : null,
    // Main sends every key once it answers; the shortest sign-out is the safe guess otherwise (importing the defaults would bring zod into the login screen).
    kiosk: policyValues['kiosk.enabled'] ? { idleSignOutMinutes: policyValues['kiosk.idleSignOutMinutes'] ?? 1 } : null,
    onEndSession: endKioskSession,
  },
});
