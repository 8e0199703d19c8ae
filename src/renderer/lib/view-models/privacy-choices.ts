/**
 * Whether others see this person's read receipts and typing: the person's own choice
 * (settings, Privacy) within policy. A mandatory `privacy.*` value is locked; a
 * recommended one (or the default) is where the choice starts. Rooms read the effective
 * values at each receipt and keystroke, so a change applies at once.
 */
import type { PrivacySettings } from './room-view-model';
import { Observable } from './observable';

export type PrivacyChoice = keyof PrivacySettings;

export interface PrivacyChoiceState {
  readonly on: boolean;
  /** Set by the organisation: shown, not changeable. */
  readonly locked: boolean;
}

export type PrivacyChoicesSnapshot = Readonly<Record<PrivacyChoice, PrivacyChoiceState>>;

/** What policy says of each choice: its value, and whether it is mandatory. */
export type PrivacyPolicy = Readonly<Record<PrivacyChoice, PrivacyChoiceState>>;

type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;
const nowhere: ChoiceStorage = { getItem: () => null, setItem: () => {} };

const privacyKey = (userId: string) => `depesche:privacy:${userId}`;

/** Sign-out: the choices go with the account's other traces on this device. */
export function forgetPrivacyChoices(storage: Storage, userId: string): void {
  storage.removeItem(privacyKey(userId));
}

export class PrivacyChoices extends Observable<PrivacyChoicesSnapshot> implements PrivacySettings {
  /** Values nobody can change (tests, and a workspace without settings). */
  static fixed(values: PrivacySettings): PrivacyChoices {
    return new PrivacyChoices({ readReceipts: { on: values.readReceipts, locked: true }, typingNotifications: { on: values.typingNotifications, locked: true } }, nowhere, '');
  }

  private readonly storageKey: string;

  constructor(
    policy: PrivacyPolicy,
    private readonly storage: ChoiceStorage,
    userId: string,
  ) {
    const storageKey = privacyKey(userId);
    const saved = readSaved(storage.getItem(storageKey));
    const state = (choice: PrivacyChoice): PrivacyChoiceState =>
      policy[choice].locked ? policy[choice] : { on: saved[choice] ?? policy[choice].on, locked: false };
    super({ readReceipts: state('readReceipts'), typingNotifications: state('typingNotifications') });
    this.storageKey = storageKey;
  }

  get readReceipts(): boolean {
    return this.value.readReceipts.on;
  }

  get typingNotifications(): boolean {
    return this.value.typingNotifications.on;
  }

  /** The person's choice; a locked one stays as policy set it. */
  choose(choice: PrivacyChoice, on: boolean): void {
    if (this.value[choice].locked) return;
    this.set({ ...this.value, [choice]: { on, locked: false } });
    this.storage.setItem(this.storageKey, JSON.stringify({ readReceipts: this.readReceipts, typingNotifications: this.typingNotifications }));
  }
}

function readSaved(text: string | null): Partial<Record<PrivacyChoice, boolean>> {
  try {
    const saved: unknown = JSON.parse(text ?? '{}');
    if (typeof saved !== 'object' || saved === null) return {};
    const { readReceipts, typingNotifications } = saved as Record<string, unknown>;
    return {
      ...(typeof readReceipts === 'boolean' ? { readReceipts } : {}),
      ...(typeof typingNotifications === 'boolean' ? { typingNotifications } : {}),
    };
  } catch {
    return {};
  }
}
