/**
 * The notification settings: everything on or off, sound and keywords (the account's
 * push rules, shared with its other sessions), do not disturb (the account's data), and
 * how much this device's notifications show (the person's choice where policy leaves one).
 */
import { ClientEvent, EventType, KnownMembership, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import {
  addKeyword,
  keywordProblem,
  notificationRulesOf,
  removeKeyword,
  roomsWithOwnMode,
  setNotificationsEnabled,
  setRoomMode,
  setSound,
  type KeywordProblem,
  type NotificationRules,
  type RoomNotificationMode,
} from '../matrix/push-rules';
import type { DoNotDisturb } from './do-not-disturb';
import { Observable } from './observable';

/** `notifications.content`: the full message, only the sender, or nothing but "new message". */
export type NotificationContent = 'full' | 'sender' | 'none';

export const notificationContents: readonly NotificationContent[] = ['full', 'sender', 'none'];

export type NotificationSettingsProblem = 'save-failed' | KeywordProblem;

/** A room with its own, quieter notification setting. */
export interface RoomWithOwnMode {
  readonly roomId: string;
  readonly name: string;
  readonly mode: RoomNotificationMode;
}

export interface NotificationSettingsSnapshot {
  readonly rules: NotificationRules;
  /** Rooms set to "mentions and keywords" or "off", by name. */
  readonly rooms: readonly RoomWithOwnMode[];
  /** What this device's notifications show. */
  readonly content: NotificationContent;
  /** Policy sets the content (mandatory): the person cannot change it. */
  readonly contentLocked: boolean;
  readonly busy: boolean;
  readonly problem: NotificationSettingsProblem | null;
}

/** The content setting: policy's value, and the person's own choice kept on this device. */
export interface ContentPreference {
  /** Policy's value and whether it is mandatory; rejects when main cannot say. */
  policy(): Promise<{ readonly content: NotificationContent; readonly locked: boolean }>;
  load(): NotificationContent | null;
  save(content: NotificationContent): void;
}

export function isNotificationContent(value: unknown): value is NotificationContent {
  return notificationContents.includes(value as NotificationContent);
}

export class NotificationSettings extends Observable<NotificationSettingsSnapshot> {
  constructor(
    private readonly client: MatrixClient,
    /** Shared with the workspace, which holds notifications back while it lasts. */
    readonly doNotDisturb: DoNotDisturb,
    private readonly preference: ContentPreference,
    /** A room's name as the room list shows it. */
    private readonly roomName: (roomId: string) => string,
  ) {
    // Until policy answers, the least: nothing shown but "new message" (fails closed).
    super({ rules: notificationRulesOf(client.pushRules), rooms: [], content: 'none', contentLocked: true, busy: false, problem: null });
    this.set({ ...this.value, rooms: this.roomsWithOwnMode() });
    this.listen(client, ClientEvent.AccountData, (event: MatrixEvent) => {
      if (event.getType() === EventType.PushRules) this.refresh();
    });
    void this.readPolicy();
  }

  /**
   * The person's own choice of content for the next notification, or undefined where
   * policy decides (main applies policy either way).
   */
  get chosenContent(): NotificationContent | undefined {
    return this.value.contentLocked ? undefined : (this.preference.load() ?? undefined);
  }

  setEnabled(enabled: boolean): Promise<boolean> {
    return this.save(() => setNotificationsEnabled(this.client, enabled));
  }

  /** A room's mode, from the settings' list (the room list and header have their own menus). */
  setRoomMode(roomId: string, mode: RoomNotificationMode): Promise<boolean> {
    return this.save(() => setRoomMode(this.client, roomId, mode));
  }

  setSound(sound: boolean): Promise<boolean> {
    return this.save(() => setSound(this.client, sound));
  }

  /** Adds a keyword; false (with the reason as the problem) if it cannot be one or was not saved. */
  async addKeyword(keyword: string): Promise<boolean> {
    const problem = keywordProblem(this.client.pushRules, keyword);
    if (problem) {
      this.set({ ...this.value, problem });
      return false;
    }
    return this.save(() => addKeyword(this.client, keyword));
  }

  removeKeyword(keyword: string): Promise<boolean> {
    return this.save(() => removeKeyword(this.client, keyword));
  }

  setContent(content: NotificationContent): void {
    if (this.value.contentLocked) return;
    this.preference.save(content);
    this.set({ ...this.value, content });
  }

  dismissProblem(): void {
    this.set({ ...this.value, problem: null });
  }

  private refresh(): void {
    if (!this.disposed) this.set({ ...this.value, rules: notificationRulesOf(this.client.pushRules), rooms: this.roomsWithOwnMode() });
  }

  /** Rooms the person is in (a rule can outlive leaving a room), by name. */
  private roomsWithOwnMode(): RoomWithOwnMode[] {
    return roomsWithOwnMode(this.client.pushRules)
      .filter(({ roomId }) => this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join)
      .map((room) => ({ ...room, name: this.roomName(room.roomId) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async readPolicy(): Promise<void> {
    try {
      const { content, locked } = await this.preference.policy();
      if (this.disposed) return;
      this.set({ ...this.value, content: locked ? content : (this.preference.load() ?? content), contentLocked: locked });
    } catch {
      // Stays locked at "none": what main would show without a policy it can read is not ours to widen.
    }
  }

  private async save(change: () => Promise<void>): Promise<boolean> {
    this.set({ ...this.value, busy: true, problem: null });
    try {
      await change();
      if (!this.disposed) this.set({ ...this.value, rules: notificationRulesOf(this.client.pushRules), rooms: this.roomsWithOwnMode(), busy: false });
      return true;
    } catch {
      if (!this.disposed) this.set({ ...this.value, busy: false, problem: 'save-failed' });
      return false;
    }
  }
}
