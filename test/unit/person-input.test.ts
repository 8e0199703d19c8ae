import { describe, expect, it } from 'vitest';
import { candidateOf, mergeCandidates, parsePersonInput } from '../../src/renderer/lib/matrix/person-input';

describe('parsePersonInput', () => {
  it.each([
    ['@erika:bund.de', { kind: 'id', userId: '@erika:bund.de' }],
    ['  @erika:bund.de\n', { kind: 'id', userId: '@erika:bund.de' }],
    ['@erika:stadt.example:8448', { kind: 'id', userId: '@erika:stadt.example:8448' }],
    ['https://matrix.to/#/@erika:bund.de', { kind: 'id', userId: '@erika:bund.de' }],
    ['https://matrix.to/#/%40erika%3Abund.de', { kind: 'id', userId: '@erika:bund.de' }],
    ['Erika Muster', { kind: 'search', term: 'Erika Muster' }],
    ['erika@bund.de', { kind: 'search', term: 'erika@bund.de' }],
    ['   ', { kind: 'empty' }],
  ])('reads %j', (text, expected) => {
    expect(parsePersonInput(text)).toEqual(expected);
  });

  it.each([
    ['no server', '@erika'],
    ['an empty server', '@erika:'],
    ['a space inside', '@erika muster:bund.de'],
    ['a bad port', '@erika:bund.de:99999'],
    ['a bidi override', '@eri\u202Eka:bund.de'],
    ['a matrix.to link to a room', 'https://matrix.to/#/#general:bund.de'],
    ['a broken matrix.to link', 'https://matrix.to/#/%E0%A4%A'],
  ])('explains what cannot be a user id: %s', (_what, text) => {
    expect(parsePersonInput(text)).toEqual({ kind: 'malformed', text: text.trim() });
  });
});

describe('mergeCandidates', () => {
  const person = (userId: string) => candidateOf(userId, null, null, (name) => name);

  it('puts the exact person first and lists everyone once, without the hidden ones', () => {
    const merged = mergeCandidates(person('@bob:a'), [person('@carol:a'), person('@bob:a'), person('@me:a'), person('@carol:a')], ['@me:a']);
    expect(merged.map((candidate) => candidate.userId)).toEqual(['@bob:a', '@carol:a']);
  });

  it('keeps only mxc avatars and falls back to the user id for a name', () => {
    expect(candidateOf('@bob:a.example', '  ', 'https://tracker.example/pixel.png', (name) => name.trim())).toEqual({
      userId: '@bob:a.example',
      name: '@bob:a.example',
      avatar: null,
      server: 'a.example',
    });
    expect(candidateOf('@bob:a', 'Bob', 'mxc://a/xyz', (name) => name).avatar).toBe('mxc://a/xyz');
  });
});
