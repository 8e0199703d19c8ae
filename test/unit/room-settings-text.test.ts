import { describe, expect, it } from 'vitest';
import { levelChoices, roleName, whyNot } from '../../src/renderer/lib/components/room-settings-text';
import { createTranslator } from '../../src/renderer/lib/i18n/translate';

const en = createTranslator('en');
const de = createTranslator('de');

describe('the words of the room settings', () => {
  it('names roles, and other levels by their number', () => {
    expect([Infinity, 100, 50, 0, 75].map((level) => roleName(en, level))).toEqual(['Creator', 'Administrator', 'Moderator', 'Member', 'Level 75']);
  });

  it('offers the three roles, and a custom level only where it is set now', () => {
    expect(levelChoices(50)).toEqual([100, 50, 0]);
    expect(levelChoices(Infinity)).toEqual([100, 50, 0]);
    expect(levelChoices(75)).toEqual([100, 75, 50, 0]);
    expect(levelChoices(-10)).toEqual([100, 50, 0, -10]);
  });

  it('says who may and what the person is, in English and German', () => {
    const member = { allowed: false, reason: 'level', needed: 50, mine: 0 } as const;
    expect(whyNot(en, member, 'roomSettings.action.name')).toBe('Only administrators and moderators can change the name: you are a member.');
    expect(whyNot(de, member, 'roomSettings.action.name')).toBe('Nur Administratoren und Moderatoren können den Namen ändern: Sie sind Mitglied.');
    expect(whyNot(en, { allowed: false, reason: 'level', needed: 100, mine: 50 }, 'roomSettings.action.roles')).toBe(
      'Only administrators can change roles and permissions: you are a moderator.',
    );
    expect(whyNot(en, { allowed: false, reason: 'level', needed: 75, mine: 20 }, 'roomSettings.action.topic')).toBe(
      'Only people with level 75 or higher can change the topic: your level is 20.',
    );
    expect(whyNot(en, { allowed: false, reason: 'rank', mine: 50 }, 'roomSettings.action.remove')).toBe('You can only change people whose level is below yours: you are a moderator.');
    expect(whyNot(en, { allowed: false, reason: 'limit', mine: 50 }, 'roomSettings.action.roles')).toBe('You cannot give a level above your own (50).');
    expect(whyNot(en, { allowed: true }, 'roomSettings.action.name')).toBeNull();
  });
});
