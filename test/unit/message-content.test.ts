import { MsgType } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { editContent, mentionedUserIds, messageContent, reactionContent, replyContent } from '../../src/renderer/lib/matrix/message-content';
import { withoutReplyFallback } from '../../src/renderer/lib/view-models/timeline-items';

const markdown = { body: 'bis **Freitag**', formattedBody: 'bis <strong>Freitag</strong>' };
const plain = { body: 'ok', formattedBody: null };
const erikaPill = '<a href="https://matrix.to/#/@erika:bund.de" target="_blank" rel="noopener noreferrer">Erika</a>';
const withErika = { body: 'Erika, bitte prüfen', formattedBody: `${erikaPill}, bitte prüfen` };

describe('message content', () => {
  it('sends plain text without a format, and Markdown with its HTML beside the plain body; both mention nobody, explicitly', () => {
    expect(messageContent(plain)).toEqual({ msgtype: 'm.text', body: 'ok', 'm.mentions': {} });
    expect(messageContent(markdown)).toEqual({
      msgtype: 'm.text',
      body: 'bis **Freitag**',
      format: 'org.matrix.custom.html',
      formatted_body: 'bis <strong>Freitag</strong>',
      'm.mentions': {},
    });
  });

  it('mentions the people its pills link to', () => {
    expect(messageContent(withErika)).toEqual({
      msgtype: 'm.text',
      body: 'Erika, bitte prüfen',
      format: 'org.matrix.custom.html',
      formatted_body: withErika.formattedBody,
      'm.mentions': { user_ids: ['@erika:bund.de'] },
    });
  });

  it('makes a reply name its original and mention its sender, without a quoted fallback', () => {
    expect(replyContent(plain, { eventId: '$original', senderId: '@erika:bund.de' }, '@max:stadt.example')).toEqual({
      msgtype: 'm.text',
      body: 'ok',
      'm.mentions': { user_ids: ['@erika:bund.de'] },
      'm.relates_to': { 'm.in_reply_to': { event_id: '$original' } },
    });
  });

  it('mentions the sender of the original and the people a reply links to, each once', () => {
    const pills = { body: 'Erika, Max', formattedBody: `${erikaPill}, <a href="https://matrix.to/#/@max:stadt.example">Max</a>` };
    expect(replyContent(pills, { eventId: '$original', senderId: '@max:stadt.example' }, '@anna:bund.de')['m.mentions']).toEqual({ user_ids: ['@max:stadt.example', '@erika:bund.de'] });
  });

  it('does not mention the person replying, answering their own message', () => {
    expect(replyContent(plain, { eventId: '$original', senderId: '@max:stadt.example' }, '@max:stadt.example')['m.mentions']).toEqual({});
  });

  it('makes an edit replace the original, with a "* " fallback for clients without edits, keeping an emote an emote', () => {
    expect(editContent(markdown, '$original')).toEqual({
      msgtype: 'm.text',
      body: '* bis **Freitag**',
      format: 'org.matrix.custom.html',
      formatted_body: '* bis <strong>Freitag</strong>',
      'm.mentions': {},
      'm.new_content': { msgtype: 'm.text', body: 'bis **Freitag**', format: 'org.matrix.custom.html', formatted_body: 'bis <strong>Freitag</strong>', 'm.mentions': {} },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$original' },
    });
    expect(editContent(plain, '$original', MsgType.Emote)).toMatchObject({ msgtype: 'm.emote', 'm.new_content': { msgtype: 'm.emote', body: 'ok' } });
  });

  it('names everyone an edited message mentions in m.new_content, and on the edit only whom the edit adds', () => {
    const before = { body: 'Erika, bitte prüfen', format: 'org.matrix.custom.html', formatted_body: withErika.formattedBody, 'm.mentions': { user_ids: ['@erika:bund.de'] } };
    const maxToo = { body: 'Erika, Max', formattedBody: `${erikaPill}, <a href="https://matrix.to/#/@max:stadt.example">Max</a>` };
    const edit = editContent(maxToo, '$original', MsgType.Text, before);
    expect(edit['m.mentions']).toEqual({ user_ids: ['@max:stadt.example'] });
    expect((edit['m.new_content'] as { 'm.mentions': unknown })['m.mentions']).toEqual({ user_ids: ['@erika:bund.de', '@max:stadt.example'] });
    // A pill taken out is a mention taken out, in both places.
    const dropped = editContent(plain, '$original', MsgType.Text, before);
    expect(dropped['m.mentions']).toEqual({});
    expect((dropped['m.new_content'] as { 'm.mentions': unknown })['m.mentions']).toEqual({});
  });

  it('keeps the replied-to sender mentioned when a reply is edited, without notifying them again', () => {
    const reply = { body: 'ok', 'm.mentions': { user_ids: ['@max:stadt.example'] }, 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } };
    const edit = editContent(withErika, '$reply', MsgType.Text, reply);
    expect(edit['m.mentions']).toEqual({ user_ids: ['@erika:bund.de'] });
    expect((edit['m.new_content'] as { 'm.mentions': unknown })['m.mentions']).toEqual({ user_ids: ['@erika:bund.de', '@max:stadt.example'] });
  });

  it('ignores a malformed m.mentions in the original', () => {
    expect(editContent(withErika, '$original', MsgType.Text, { body: 'x', 'm.mentions': { user_ids: [7, null] } })['m.mentions']).toEqual({ user_ids: ['@erika:bund.de'] });
    expect(editContent(withErika, '$original', MsgType.Text, { body: 'x', 'm.mentions': 'all' })['m.mentions']).toEqual({ user_ids: ['@erika:bund.de'] });
  });

  it('annotates an event with a reaction key', () => {
    expect(reactionContent('$original', '👍')).toEqual({ 'm.relates_to': { rel_type: 'm.annotation', event_id: '$original', key: '👍' } });
  });
});

describe('mentionedUserIds', () => {
  it('finds the people linked by matrix.to permalinks, encoded or not, each once and in order', () => {
    const html = `${erikaPill} und <a href="https://matrix.to/#/%40max%3Astadt.example">Max</a>, nochmals ${erikaPill}`;
    expect(mentionedUserIds(html)).toEqual(['@erika:bund.de', '@max:stadt.example']);
  });

  it('reads escaped characters in the address as the sanitiser writes them', () => {
    expect(mentionedUserIds('<a title="x" href="https://matrix.to/#/%40erika%3Abund.de?via=a&amp;via=b">Erika</a>')).toEqual(['@erika:bund.de']);
  });

  it('does not count links to rooms, events or other sites, nor text that only looks like a link', () => {
    const html = [
      '<a href="https://matrix.to/#/#allgemein:bund.de">#allgemein</a>',
      '<a href="https://matrix.to/#/!raum:bund.de/$ereignis">Nachricht</a>',
      '<a href="https://example.org/#/@erika:bund.de">Erika?</a>',
      '<code>&lt;a href="https://matrix.to/#/@max:stadt.example"&gt;</code>',
      'https://matrix.to/#/@max:stadt.example',
    ].join(' ');
    expect(mentionedUserIds(html)).toEqual([]);
    expect(mentionedUserIds(null)).toEqual([]);
  });
});

describe('withoutReplyFallback', () => {
  it('drops the quoted lines older clients put in front of a reply', () => {
    expect(withoutReplyFallback('> <@erika:bund.de> Wann?\n> Zweite Zeile\n\nMorgen um 9')).toBe('Morgen um 9');
  });

  it('keeps a body that merely starts with a quote of its own', () => {
    expect(withoutReplyFallback('> Zitat aus dem Bescheid\n\nDazu eine Frage')).toBe('> Zitat aus dem Bescheid\n\nDazu eine Frage');
    expect(withoutReplyFallback('> <@erika:bund.de> ohne Leerzeile danach')).toBe('> <@erika:bund.de> ohne Leerzeile danach');
  });
});
