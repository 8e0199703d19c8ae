/**
 * How much this device's notifications show, as the person chose it, per account: it is
 * about the screen in front of them, so it stays on the device rather than in the account.
 * Policy's value and whether it is mandatory come from main, which applies it either way.
 */
import { isNotificationContent, type ContentPreference } from './view-models/notification-settings';

const contentKey = (userId: string) => `depesche:notification-content:${userId}`;

export function storedNotificationContent(storage: Storage, userId: string): ContentPreference {
  const key = contentKey(userId);
  return {
    async policy() {
      const policy = await window.depesche.policy.get();
      if (!policy.ok) throw new Error(policy.error.code);
      return { content: policy.value.values['notifications.content'], locked: policy.value.locked.includes('notifications.content') };
    },
    load() {
      const saved = storage.getItem(key);
      return isNotificationContent(saved) ? saved : null;
    },
    save: (content) => storage.setItem(key, content),
  };
}

/** Sign-out: the choice goes with the account's other traces on this device. */
export function forgetNotificationContent(storage: Storage, userId: string): void {
  storage.removeItem(contentKey(userId));
}
