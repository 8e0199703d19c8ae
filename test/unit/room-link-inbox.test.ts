import { describe, expect, it } from 'vitest';
import { roomLinkInbox } from '../../src/renderer/lib/room-link-inbox';
import type { LinkTarget } from '../../src/renderer/lib/view-models/room-links';
import { Observable } from '../../src/renderer/lib/view-models/observable';
import type { SessionState } from '../../src/renderer/lib/view-models/session-view-model';

/** A session whose phase the test sets, with a workspace that records the links it is given. */
class FakeSession extends Observable<SessionState> {
  readonly opened: LinkTarget[] = [];
  private readonly chat = { links: { open: async (link: LinkTarget) => void this.opened.push(link) } };

  constructor() {
    super({ phase: 'restoring' });
  }

  signIn(): void {
    this.set({ phase: 'signed-in', userId: '@erika:bund.de', deviceId: 'D', ed25519Key: 'k', busy: false, chat: this.chat } as unknown as SessionState);
  }

  signOut(): void {
    this.set({ phase: 'signed-out', busy: false, problem: null });
  }
}

const link = (roomIdOrAlias: string): LinkTarget => ({ kind: 'room', roomIdOrAlias });

describe('roomLinkInbox', () => {
  it('keeps a link that arrives before sign-in and opens it once the workspace is there', () => {
    const session = new FakeSession();
    const deliver = roomLinkInbox(session);
    deliver(link('#alt:bund.de'));
    deliver(link('#neu:bund.de'));
    expect(session.opened).toEqual([]);
    session.signIn();
    expect(session.opened).toEqual([link('#neu:bund.de')]);
  });

  it('opens a link at once when signed in, and does not open a kept one twice', () => {
    const session = new FakeSession();
    const deliver = roomLinkInbox(session);
    deliver(link('#erst:bund.de'));
    session.signIn();
    session.signOut();
    session.signIn();
    deliver(link('#dann:bund.de'));
    expect(session.opened).toEqual([link('#erst:bund.de'), link('#dann:bund.de')]);
  });
});
