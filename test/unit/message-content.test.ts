import { MsgType } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { editContent, messageContent, reactionContent, replyContent } from '../../src/renderer/lib/matrix/message-content';
import { withoutReplyFallback } from '../../src/renderer/lib/view-models/timeline-items';

const markdown = { body: 'bis **Freitag**', formattedBody: 'bis <strong>Freitag</strong>' };
const plain = { body: 'ok', formattedBody: null };

describe('message content', () => {
  it('sends plain text without a format, and Markdown with its HTML beside the plain body', () => {
    expect(messageContent(plain)).toEqual({ msgtype: 'm.text', body: 'ok' });
    expect(messageContent(markdown)).toEqual({
      msgtype: 'm.text',
      body: 'bis **Freitag**',
      format: 'org.matrix.custom.html',
      formatted_body: 'bis <strong>Freitag</strong>',
    });
  });

  it('makes a reply name its original and mention its sender, without a quoted fallback', () => {
    expect(replyContent(plain, { eventId: '$original', senderId: '@erika:bund.de' })).toEqual({
      msgtype: 'm.text',
      body: 'ok',
      'm.mentions': { user_ids: ['@erika:bund.de'] },
      'm.relates_to': { 'm.in_reply_to': { event_id: '$original' } },
    });
  });

  it('makes an edit replace the original, with a "* " fallback for clients without edits, keeping an emote an emote', () => {
    expect(editContent(markdown, '$original')).toEqual({
      msgtype: 'm.text',
      body: '* bis **Freitag**',
      format: 'org.matrix.custom.html',
      formatted_body: '* bis <strong>Freitag</strong>',
      'm.new_content': { msgtype: 'm.text', body: 'bis **Freitag**', format: 'org.matrix.custom.html', formatted_body: 'bis <strong>Freitag</strong>' },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$original' },
    });
    expect(editContent(plain, '$original', MsgType.Emote)).toMatchObject({ msgtype: 'm.emote', 'm.new_content': { msgtype: 'm.emote', body: 'ok' } });
  });

  it('annotates an event with a reaction key', () => {
    expect(reactionContent('$original', '👍')).toEqual({ 'm.relates_to': { rel_type: 'm.annotation', event_id: '$original', key: '👍' } });
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
