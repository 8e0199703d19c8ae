import { describe, expect, it } from 'vitest';
import { rulesOf } from '../../src/renderer/lib/view-models/account-settings';
import { AppearanceSetting } from '../../src/renderer/lib/view-models/appearance-setting';
import { PrivacyChoices } from '../../src/renderer/lib/view-models/privacy-choices';
import { MemoryStorage } from '../support/memory-storage';

const free = (on: boolean) => ({ on, locked: false });

describe('AppearanceSetting', () => {
  it('applies the standard look, then each choice at once, and the same after a restart', () => {
    const storage = new MemoryStorage();
    const root: DOMStringMap = {};
    const setting = new AppearanceSetting(storage, root);
    expect({ ...root }).toEqual({ theme: 'system', textSize: 'normal', density: 'comfortable' });
    setting.choose({ theme: 'dark', density: 'compact' });
    expect({ ...root }).toEqual({ theme: 'dark', textSize: 'normal', density: 'compact' });
    const restarted: DOMStringMap = {};
    expect(new AppearanceSetting(storage, restarted).value).toEqual({ theme: 'dark', textSize: 'normal', density: 'compact' });
    expect(restarted.theme).toBe('dark');
  });

  it('takes the standard value for anything stored that is not one of the choices', () => {
    for (const stored of ['{"theme":"<script>","textSize":3,"density":"compact"}', 'not json', 'null', '[]']) {
      const storage = new MemoryStorage();
      storage.setItem('depesche:appearance', stored);
      expect(new AppearanceSetting(storage, {}).value.theme).toBe('system');
    }
    const storage = new MemoryStorage();
    storage.setItem('depesche:appearance', '{"theme":"<script>","textSize":3,"density":"compact"}');
    expect(new AppearanceSetting(storage, {}).value).toEqual({ theme: 'system', textSize: 'normal', density: 'compact' });
  });
});

describe('PrivacyChoices', () => {
  it('starts where policy recommends, keeps the person\'s choice per account, and is read live', () => {
    const storage = new MemoryStorage();
    const choices = new PrivacyChoices({ readReceipts: free(false), typingNotifications: free(true) }, storage, '@erika:bund.example');
    expect([choices.readReceipts, choices.typingNotifications]).toEqual([false, true]);
    choices.choose('readReceipts', true);
    choices.choose('typingNotifications', false);
    expect([choices.readReceipts, choices.typingNotifications]).toEqual([true, false]);
    const again = new PrivacyChoices({ readReceipts: free(false), typingNotifications: free(true) }, storage, '@erika:bund.example');
    expect([again.readReceipts, again.typingNotifications]).toEqual([true, false]);
    const someoneElse = new PrivacyChoices({ readReceipts: free(false), typingNotifications: free(true) }, storage, '@max:bund.example');
    expect([someoneElse.readReceipts, someoneElse.typingNotifications]).toEqual([false, true]);
  });

  it('keeps a mandatory value whatever was chosen before or is chosen now', () => {
    const storage = new MemoryStorage();
    storage.setItem('depesche:privacy:@erika:bund.example', '{"readReceipts":true,"typingNotifications":true}');
    const choices = new PrivacyChoices({ readReceipts: { on: false, locked: true }, typingNotifications: free(true) }, storage, '@erika:bund.example');
    expect(choices.value.readReceipts).toEqual({ on: false, locked: true });
    choices.choose('readReceipts', true);
    expect(choices.readReceipts).toBe(false);
  });

  it('ignores a damaged stored choice', () => {
    const storage = new MemoryStorage();
    storage.setItem('depesche:privacy:@erika:bund.example', '{"readReceipts":"yes"');
    expect(new PrivacyChoices({ readReceipts: free(true), typingNotifications: free(true) }, storage, '@erika:bund.example').readReceipts).toBe(true);
  });
});

describe('the server\'s password rules', () => {
  it('reads the MSC2000 fields and nothing else', () => {
    expect(rulesOf({ 'm.minimum_length': 12, 'm.require_digit': true, 'm.require_symbol': true, 'm.require_uppercase': 'yes' })).toEqual({
      minimumLength: 12,
      digit: true,
      symbol: true,
      uppercase: false,
      lowercase: false,
    });
  });

  it('has no rules for a server without a policy or with a nonsensical one', () => {
    expect(rulesOf({})).toBeNull();
    expect(rulesOf({ 'm.minimum_length': -3 })).toBeNull();
    expect(rulesOf({ 'm.minimum_length': 1e9 })?.minimumLength).toBe(512);
  });
});
