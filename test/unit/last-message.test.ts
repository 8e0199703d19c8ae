import { EventType, MatrixEvent, MsgType, RelationType } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { lastMessageOf, type LastMessageContext } from '../../src/renderer/lib/view-models/last-message';

const own = '@alice:bund.de';
const erika = '@erika:bund.de';
const context: LastMessageContext = { ownUserId: own, direct: false, nameOf: (userId) => (userId === erika ? 'Erika Mustermann' : userId) };
let counter = 0;

function event(content: Record<string, unknown>, options: { type?: string; sender?: string; redacted?: boolean; stateKey?: string } = {}): MatrixEvent {
  counter += 1;
  return new MatrixEvent({
    type: options.type ?? EventType.RoomMessage,
    content,
    sender: options.sender ?? erika,
    event_id: `$event${counter}`,
    room_id: '!akte:bund.de',
    origin_server_ts: 1_000 + counter,
    ...(options.stateKey !== undefined ? { state_key: options.stateKey } : {}),
    ...(options.redacted ? { unsigned: { redacted_because: { type: EventType.RoomRedaction, sender: erika, content: {}, event_id: '$redaction', origin_server_ts: 1, unsigned: {} } } } : {}),
  });
}
const text = (body: string, sender = erika) => event({ msgtype: MsgType.Text, body }, { sender });

describe('the last message a room list row previews', () => {
  it('names the sender and shows the text as one plain line, neutralised and without formatting', () => {
    const message = event({
      msgtype: MsgType.Text,
      body: 'Bitte \u202Eöffnen\u200B Sie\nden **Anhang**',
      format: 'org.matrix.custom.html',
      formatted_body: 'Bitte <b>öffnen</b>',
    });
    expect(lastMessageOf([message], context)).toEqual({
      eventId: message.getId(),
      timestamp: message.getTs(),
      own: false,
      senderName: 'Erika Mustermann',
      kind: 'text',
      text: 'Bitte öffnen Sie den **Anhang**',
    });
  });

  it('marks the person’s own message, and leaves the other person unnamed in a direct chat', () => {
    expect(lastMessageOf([text('Erledigt', own)], context)).toMatchObject({ own: true, senderName: null, text: 'Erledigt' });
    expect(lastMessageOf([text('Hast du kurz Zeit?')], { ...context, direct: true })).toMatchObject({ own: false, senderName: null });
    expect(lastMessageOf([text('Ja', own)], { ...context, direct: true })).toMatchObject({ own: true, senderName: null });
  });

  it('says what a message without text to show is: image, file, deleted, encrypted', () => {
    const kind = (message: MatrixEvent) => lastMessageOf([message], context)?.kind;
    expect(kind(event({ msgtype: MsgType.Image, body: 'plan.png', url: 'mxc://bund.de/plan' }))).toBe('image');
    expect(kind(event({ body: 'Daumen', url: 'mxc://bund.de/sticker' }, { type: EventType.Sticker }))).toBe('image');
    for (const msgtype of [MsgType.File, MsgType.Video, MsgType.Audio]) expect(kind(event({ msgtype, body: 'akte.pdf' }))).toBe('file');
    expect(kind(event({}, { redacted: true }))).toBe('deleted');
    expect(kind(event({ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'x' }, { type: EventType.RoomMessageEncrypted }))).toBe('encrypted');
    // The file name is not shown: it is the sender's text, and "Image" says enough.
    expect(lastMessageOf([event({ msgtype: MsgType.Image, body: 'plan.png' })], context)?.text).toBe('');
  });

  it('drops the quoted original older clients put into a reply’s text', () => {
    const reply = event({ msgtype: MsgType.Text, body: '> <@erika:bund.de> Wann?\n> \n\nMorgen um zehn', 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } }, { sender: erika });
    expect(lastMessageOf([reply], context)?.text).toBe('Morgen um zehn');
    // Only a reply has a fallback to drop: a message may begin with a quote of its own.
    expect(lastMessageOf([text('> <@erika:bund.de> Wann?\n> \n\nMorgen um zehn')], context)?.text).toBe('> <@erika:bund.de> Wann? > Morgen um zehn');
  });

  it('looks past reactions, edits, state changes and verification requests to the message before them', () => {
    const message = text('Sitzung verschoben');
    const relatesTo = (relType: RelationType) => ({ 'm.relates_to': { rel_type: relType, event_id: message.getId(), key: '👍' } });
    const events = [
      message,
      event(relatesTo(RelationType.Annotation), { type: EventType.Reaction }),
      event({ msgtype: MsgType.Text, body: '* korrigiert', ...relatesTo(RelationType.Replace) }),
      // An encrypted reaction is recognised by its relation before it decrypts.
      event({ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'x', ...relatesTo(RelationType.Annotation) }, { type: EventType.RoomMessageEncrypted }),
      event({ name: 'Neuer Name' }, { type: EventType.RoomName, stateKey: '' }),
      event({ msgtype: 'm.key.verification.request', body: 'Your client does not support verification', to: own }),
    ];
    expect(lastMessageOf(events, context)).toMatchObject({ eventId: message.getId(), text: 'Sitzung verschoben' });
  });

  it('has nothing to preview in a room without messages near the end', () => {
    expect(lastMessageOf([], context)).toBeNull();
    expect(lastMessageOf([event({ membership: 'join' }, { type: EventType.RoomMember, stateKey: erika })], context)).toBeNull();
  });
});
