import { describe, expect, it } from 'vitest';
import { completeMention, mentionQueryAt, rankMembers, type MentionCandidate } from '../../src/renderer/lib/content/mention-completion';

const member = (userId: string, name: string): MentionCandidate => ({ userId, name });
const names = (members: readonly MentionCandidate[]) => members.map((candidate) => candidate.name);

describe('mentionQueryAt', () => {
  it('finds the @… just before the caret, at the start or after a space or bracket', () => {
    expect(mentionQueryAt('@bo', 3)).toEqual({ start: 0, end: 3, query: 'bo' });
    expect(mentionQueryAt('Hallo @eri', 10)).toEqual({ start: 6, end: 10, query: 'eri' });
    expect(mentionQueryAt('Frage (@eri', 11)).toEqual({ start: 7, end: 11, query: 'eri' });
    expect(mentionQueryAt('Zeile\n@max', 10)).toEqual({ start: 6, end: 10, query: 'max' });
  });

  it('covers the rest of the word after the caret, so completing in the middle replaces all of it', () => {
    expect(mentionQueryAt('@erxka bitte', 3)).toEqual({ start: 0, end: 6, query: 'er' });
    expect(mentionQueryAt('@er, bitte', 3)).toEqual({ start: 0, end: 3, query: 'er' });
  });

  it('offers nothing for a lone @, an address, or a caret past a space', () => {
    expect(mentionQueryAt('@', 1)).toBeNull();
    expect(mentionQueryAt('post@bund.de', 12)).toBeNull();
    expect(mentionQueryAt('@bo weiter', 10)).toBeNull();
    expect(mentionQueryAt('', 0)).toBeNull();
  });
});

describe('rankMembers', () => {
  const room = [
    member('@zora:bund.de', 'Zora Bogner'),
    member('@bob:stadt.example', 'Robert Klein'),
    member('@amt-bo:bund.de', 'Poststelle'),
    member('@bo:bund.de', 'Bodo Meier'),
    member('@jb:bund.de', 'Jürgen Bosch'),
    member('@x:bund.de', 'Kombo'),
  ];

  it('puts names starting with the query first, then name words, then user ids, then names and ids containing it', () => {
    expect(names(rankMembers('bo', room))).toEqual(['Bodo Meier', 'Jürgen Bosch', 'Zora Bogner', 'Robert Klein', 'Kombo', 'Poststelle']);
  });

  it('ignores case and accents, and a leading @', () => {
    expect(names(rankMembers('JUR', room))).toEqual(['Jürgen Bosch']);
    expect(names(rankMembers('@jür', room))).toEqual(['Jürgen Bosch']);
  });

  it('matches the user id on into its server name', () => {
    expect(names(rankMembers('bob:stadt', room))).toEqual(['Robert Klein']);
    expect(rankMembers('bund.de', room)).toEqual([]);
  });

  it('offers at most eight, in a stable order for equal ranks', () => {
    const many = Array.from({ length: 12 }, (_, index) => member(`@m${index}:bund.de`, `Meier ${12 - index}`));
    expect(names(rankMembers('mei', many))).toEqual(['Meier 1', 'Meier 2', 'Meier 3', 'Meier 4', 'Meier 5', 'Meier 6', 'Meier 7', 'Meier 8']);
  });

  it('offers nothing for an empty query or no match', () => {
    expect(rankMembers('', room)).toEqual([]);
    expect(rankMembers('qq', room)).toEqual([]);
  });
});

describe('completeMention', () => {
  it('replaces the typed @… with a Markdown mention and a space, with the caret after it', () => {
    const done = completeMention('Hallo @bo', mentionQueryAt('Hallo @bo', 9)!, member('@bo:bund.de', 'Bodo Meier'));
    expect(done).toEqual({ text: 'Hallo [Bodo Meier](https://matrix.to/#/@bo:bund.de) ', caret: done.text.length });
  });

  it('adds no space before a space or punctuation that follows, and keeps what follows', () => {
    const comma = completeMention('Hallo @bo, bitte', mentionQueryAt('Hallo @bo, bitte', 9)!, member('@bo:bund.de', 'Bodo'));
    expect(comma.text).toBe('Hallo [Bodo](https://matrix.to/#/@bo:bund.de), bitte');
    expect(comma.text.slice(comma.caret)).toBe(', bitte');
    const space = completeMention('@bo danke', { start: 0, end: 3, query: 'bo' }, member('@bo:bund.de', 'Bodo'));
    expect(space.text).toBe('[Bodo](https://matrix.to/#/@bo:bund.de) danke');
    expect(space.text.slice(space.caret)).toBe(' danke');
  });
});
