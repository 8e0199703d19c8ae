import { JSDOM } from 'jsdom';
import { EventType, type MatrixClient } from 'matrix-js-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { neutraliseName } from '../../src/renderer/lib/content/display-text';
import { renderMarkdown } from '../../src/renderer/lib/content/markdown';
import { createHtmlSanitizer } from '../../src/renderer/lib/content/sanitize-html';
import type { MessageAlert } from '../../src/renderer/lib/matrix/message-alerts';
import { ChatViewModel, type SelectionMemory } from '../../src/renderer/lib/view-models/chat-view-model';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart } from '../support/synapse';

const synapse = inject('synapse');
const sanitizer = createHtmlSanitizer(new JSDOM('').window as unknown as Window & typeof globalThis);

function recordingDesktop(attentive: boolean) {
  const alerts: MessageAlert[] = [];
  const unreadCounts: number[] = [];
  return { alerts, unreadCounts, notify: (alert: MessageAlert) => void alerts.push(alert), setUnreadCount: (n: number) => void unreadCounts.push(n), isAttentive: () => attentive };
}

function memory(): SelectionMemory & { saved: (string | null)[] } {
  const saved: (string | null)[] = [];
  return { saved, load: () => saved.at(-1) ?? null, save: (roomId) => void saved.push(roomId) };
}

describe('ChatViewModel against Synapse', () => {
  let alice: MatrixClient;
  let bob: MatrixClient;
  beforeAll(async () => {
    alice = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('alice')));
    bob = await startPeer(synapse.baseUrl, await registerUser(synapse, uniqueLocalpart('bob')));
  });
  afterAll(() => {
    alice.stopClient();
    bob.stopClient();
  });

  it('starts an encrypted direct chat, notifies about messages in it while away, and counts them as unread', async () => {
    const desktop = recordingDesktop(false);
    const chat = new ChatViewModel(alice, { sanitize: (html) => sanitizer.sanitize(html), neutraliseName, renderMarkdown: (text) => renderMarkdown(text, sanitizer) }, memory(), desktop);

    await chat.startDirectChat(bob.getSafeUserId());
    await expect.poll(() => chat.value.room?.encrypted).toBe(true);
    const roomId = chat.value.room!.roomId;
    expect(alice.getAccountData(EventType.Direct)?.getContent()).toMatchObject({ [bob.getSafeUserId()]: [roomId] });
    await expect.poll(() => chat.roomList.value.rooms.find((room) => room.roomId === roomId)?.kind).toBe('direct');

    await expect.poll(() => bob.getRoom(roomId)?.getMyMembership()).toBe('invite');
    await bob.joinRoom(roomId);
    await expect.poll(() => alice.getRoom(roomId)?.getJoinedMemberCount()).toBe(2);
    await bob.sendTextMessage(roomId, 'Kurze Rückfrage zum Bescheid');

    await expect.poll(() => desktop.alerts.map((alert) => alert.body)).toEqual(['Kurze Rückfrage zum Bescheid']);
    expect(desktop.alerts[0]).toMatchObject({ roomId });
    await expect.poll(() => desktop.unreadCounts.at(-1)).toBe(1);

    // Reading the room sends the receipt; the count goes back to zero.
    await chat.markRead();
    await expect.poll(() => desktop.unreadCounts.at(-1)).toBe(0);

    // Typing shows on the other side, both ways.
    await bob.sendTyping(roomId, true, 10_000);
    await expect.poll(() => chat.value.room?.typing.length).toBe(1);
    chat.typing(true);
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.getSafeUserId())?.typing).toBe(true);
    chat.typing(false);
    await expect.poll(() => bob.getRoom(roomId)?.getMember(alice.getSafeUserId())?.typing).toBe(false);
    chat.dispose();
  });

  it('sends Markdown as HTML with a plain body, and remembers the open room', async () => {
    const desktop = recordingDesktop(true);
    const selection = memory();
    const chat = new ChatViewModel(alice, { sanitize: (html) => sanitizer.sanitize(html), neutraliseName, renderMarkdown: (text) => renderMarkdown(text, sanitizer) }, selection, desktop);
    await chat.createRoom({ name: 'Akte 2026/17', topic: 'Zuständigkeit', invite: [] });
    await expect.poll(() => chat.value.room?.name).toBe('Akte 2026/17');
    expect(chat.value.room).toMatchObject({ topic: 'Zuständigkeit', encrypted: true, memberCount: 1 });
    expect(selection.saved.at(-1)).toBe(chat.value.room!.roomId);

    await chat.send('Bitte **bis Freitag** prüfen');
    await expect.poll(() => {
      const items = chat.value.timeline?.items ?? [];
      const last = items.at(-1);
      return last?.kind === 'message' ? { body: last.body, html: last.html, status: last.status } : null;
    }).toEqual({ body: 'Bitte **bis Freitag** prüfen', html: 'Bitte <strong>bis Freitag</strong> prüfen', status: 'sent' });
    chat.dispose();
  });
});
