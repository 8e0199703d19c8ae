/**
 * Where `depesche://` links go: into the open workspace, or, while there is none yet
 * (the login screen, verifying the session), kept until there is. Only the latest waits.
 */
import type { LinkTarget } from './view-models/room-links';
import type { SessionState } from './view-models/session-view-model';

interface Session {
  readonly value: SessionState;
  subscribe(listener: (state: SessionState) => void): () => void;
}

export function roomLinkInbox(session: Session): (link: LinkTarget) => void {
  let waiting: LinkTarget | null = null;
  const workspace = (state: SessionState) => (state.phase === 'signed-in' ? state.chat : null);
  session.subscribe((state) => {
    const chat = workspace(state);
    if (!chat || !waiting) return;
    const link = waiting;
    waiting = null;
    void chat.links.open(link);
  });
  return (link) => {
    const chat = workspace(session.value);
    if (chat) void chat.links.open(link);
    else waiting = link;
  };
}
