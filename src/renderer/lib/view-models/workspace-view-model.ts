/**
 * The signed-in workspace: the room list and which room is open, the connection, the
 * outbox, attachments, verifications, the lock and links, and the actions around rooms
 * (create, join, accept, decline, leave) with the policy on servers. The open room itself
 * is a RoomViewModel this workspace owns: opening another disposes it as one unit.
 */
import { ClientEvent, EventType, KnownMembership, RoomEvent, type MatrixClient, type Room } from 'matrix-js-sdk';
import type { ImageFacts } from '../matrix/attachment-upload';
import { MediaLoader } from '../matrix/media';
import { watchMessageAlerts, type MessageAlert } from '../matrix/message-alerts';
import { federationScope, invitationRefusedServers, refusedServersOf, roomRoute, type FederationScope } from '../matrix/federation-scope';
import { createEncryptedRoom, existingDirectChat, inviteAll, startDirectChat, type NewRoom } from '../matrix/room-actions';
import { AccountSettings } from './account-settings';
import { AttachmentsViewModel, type FilesPort } from './attachments-view-model';
import { ConnectionStatus } from './connection-status';
import { DeviceListViewModel } from './device-list-view-model';
import { ChildSlot, Disposables } from './disposables';
import { DoNotDisturb, systemClock, type Clock } from './do-not-disturb';
import { LockViewModel } from './lock-view-model';
import { MessageSearch } from './message-search';
import { unstoredIndex, type IndexStore } from '../search/sealed-index-store';
import { Observable } from './observable';
import { NotificationSettings, type ContentPreference, type NotificationContent } from './notification-settings';
import { Outbox, type OutboxMemory } from './outbox';
import type { RecordsPort } from './record-export-view-model';
import { OwnProfile } from './own-profile';
import { PeoplePicker, type PeoplePickerOptions } from './people-picker';
import { PrivacyChoices } from './privacy-choices';
import { RoomKeyTransfer, type SaveText } from './room-key-transfer';
import { RoomLinks, type LinkHost } from './room-links';
import { RoomDirectory, type DirectoryRoom } from './room-directory';
import { RoomListViewModel, type ListProgress } from './room-list-view-model';
import { directRooms } from './room-summary';
import { RoomViewModel, type DraftMemory, type PrivacySettings, type RoomContent, type RoomHost, type RoomProblem } from './room-view-model';
import { Verifications } from './verifications';

export type WorkspaceProblem = 'create-failed' | 'join-failed' | 'leave-failed' | 'invite-failed' | RoomProblem;

/** An action refused before anything was sent, because policy does not allow these servers. */
export interface FederationRefusal {
  readonly servers: readonly string[];
  /** What the person tried to reach: people (invite, direct chat) or a room (join). */
  readonly about: 'people' | 'room';
}

export interface WorkspaceSnapshot {
  /** The open room, or null; a new one (and the previous one disposed) each time a room opens. */
  readonly room: RoomViewModel | null;
  readonly busy: boolean;
  readonly problem: WorkspaceProblem | null;
  readonly refusal: FederationRefusal | null;
  /** Which servers may be reached, as last read from policy (invitations from others are marked). */
  readonly scope: FederationScope;
  /** People the server would not invite (the last invitation); empty otherwise. */
  readonly notInvited: readonly string[];
}

export interface WorkspaceContent extends RoomContent {
  /** Dimensions and a thumbnail of an image about to be sent; null if it does not decode. */
  readonly readImage: (file: Blob) => Promise<ImageFacts | null>;
}

/** A notification as the desktop gets it: the alert, and the person's choice of content where policy leaves one. */
export interface DesktopAlert extends MessageAlert {
  readonly content?: NotificationContent;
}

/** What the workspace asks of the desktop (the bridge in the app). */
export interface DesktopPort extends FilesPort {
  notify(alert: DesktopAlert): void;
  /** How much notifications show: policy's say and the person's choice on this device. */
  readonly notificationContent: ContentPreference;
  setUnreadCount(count: number): void;
  /** Whether the person is looking at the window right now. */
  isAttentive(): boolean;
  /** Tells main whether the lock screen is shown (it hides notification content meanwhile). */
  setLocked(locked: boolean): void;
  /** Saves text through main's save dialog (room-key exports). */
  saveText: SaveText;
  /** Records exports: policy, saving, the PDF's fonts (the attachments come from the workspace's media loader). */
  records: Omit<RecordsPort, 'attachment'>;
  /** `federation.allowedServers`: the servers people may reach, null for any. */
  allowedServers(): Promise<readonly string[] | null>;
}

/** Where the selected room is remembered across restarts (localStorage in the app). */
export interface SelectionMemory {
  load(): string | null;
  save(roomId: string | null): void;
}

/** What the person has written that the server does not have yet. */
export interface ComposeMemory {
  readonly drafts: DraftMemory;
  readonly outbox: OutboxMemory;
  /** Stores what was saved so far and takes no more; resolves once it is stored. */
  close(): Promise<void>;
}

/** What the workspace asks of the session's sync. */
export interface RoomSync {
  readonly follow: (roomId: string) => () => void;
  readonly progress: ListProgress;
}

// The policy's defaults, written out: importing src/shared/policy would bring zod into the workspace bundle.
const privacyByDefault: PrivacySettings = { readReceipts: true, typingNotifications: true };

/** What the workspace takes beyond its ports; each has a default, for tests. */
export interface WorkspaceOptions {
  /** Read receipts and typing as the person chose them within policy. */
  readonly privacy?: PrivacyChoices;
  /** The clock do-not-disturb ends by. */
  readonly clock?: Clock;
  /** Where the message index is kept, sealed at rest; in memory only by default. */
  readonly searchIndex?: IndexStore;
  /** The session's sync (SessionSync): with sliding sync, the open room is followed and the list's loading shown. */
  readonly sync?: RoomSync | null;
}

export class WorkspaceViewModel extends Observable<WorkspaceSnapshot> implements LinkHost {
  readonly roomList: RoomListViewModel;
  /** Avatars and pictures, fetched with the session's token into blob: URLs. */
  readonly media: MediaLoader;
  /** Room-key export and import for this device. */
  readonly roomKeys: RoomKeyTransfer;
  /** Whether the homeserver can be reached (the offline banner). */
  readonly connection: ConnectionStatus;
  /** Sent messages until the server has them: queued while offline, kept across reloads. */
  readonly outbox: Outbox;
  /** Uploads to the rooms and saving what others sent. */
  readonly attachments: AttachmentsViewModel;
  /** Emoji verification of other people and of the person's other sessions. */
  readonly verifications: Verifications;
  /** The lock screen; while locked nothing is sent, read or typed from here, and sync goes on. */
  readonly lock: LockViewModel;
  /** Links to rooms, events and people (depesche:// and matrix.to): open, offer to join, or say why not. */
  readonly links: RoomLinks;
  /** The signed-in person's name and picture (the user menu). */
  readonly ownProfile: OwnProfile;
  /** Name, picture and password changes (settings, Account). */
  readonly account: AccountSettings;
  /** Read receipts and typing as the person chose them within policy (settings, Privacy). */
  readonly privacy: PrivacyChoices;
  /** No notifications until a time; the sidebar shows it while it lasts. */
  readonly doNotDisturb: DoNotDisturb;
  /** Everything on or off, sound, keywords, content: the notification settings. */
  readonly notifications: NotificationSettings;
  /** Search over the messages of one room or all: this device's index and the server's search. */
  readonly search: MessageSearch;
  private readonly openRoom = this.disposables.add(new ChildSlot<RoomViewModel>());
  /** The sessions dialog's list, while it is open. */
  private readonly deviceList = this.disposables.add(new ChildSlot<DeviceListViewModel>());
  /** The people picker of the dialog that is open (invite, new room, direct chat). */
  private readonly picker = this.disposables.add(new ChildSlot<PeoplePicker>());
  /** The room directory, while it is open. */
  private readonly directory = this.disposables.add(new ChildSlot<RoomDirectory>());
  /** Listeners waiting for a room to be joined before it opens. */
  private readonly awaitingJoin = this.disposables.add(new ChildSlot<Disposables>());
  /** What each room takes from here. */
  private readonly roomHost: RoomHost;
  private readonly searchIndex: IndexStore;

  constructor(
    private readonly client: MatrixClient,
    private readonly content: WorkspaceContent,
    private readonly memory: SelectionMemory,
    private readonly desktop: DesktopPort,
    private readonly compose: ComposeMemory,
    { privacy = PrivacyChoices.fixed(privacyByDefault), clock = systemClock, searchIndex = unstoredIndex(), sync = null }: WorkspaceOptions = {},
  ) {
    super({ room: null, busy: false, problem: null, refusal: null, scope: federationScope(client.getSafeUserId(), null), notInvited: [] });
    const own = this.disposables;
    this.privacy = privacy;
    this.searchIndex = searchIndex;
    this.roomList = own.add(new RoomListViewModel(client, content.neutraliseName, privacy, sync?.progress ?? null));
    this.roomKeys = new RoomKeyTransfer(client, desktop.saveText);
    this.media = own.add(new MediaLoader(client));
    this.connection = own.add(new ConnectionStatus(client));
    this.outbox = own.add(new Outbox(client, compose.outbox, () => this.set({ ...this.value, problem: 'send-failed' })));
    this.attachments = own.add(new AttachmentsViewModel(client, this.media, desktop, content.readImage));
    this.verifications = own.add(new Verifications(client));
    this.lock = own.add(new LockViewModel(client, (locked) => desktop.setLocked(locked)));
    this.links = own.add(new RoomLinks(client, this));
    this.ownProfile = own.add(new OwnProfile(client, content.neutraliseName));
    this.account = own.add(new AccountSettings(client));
    this.doNotDisturb = own.add(new DoNotDisturb(client, clock));
    this.notifications = own.add(new NotificationSettings(client, this.doNotDisturb, desktop.notificationContent, (roomId) => content.neutraliseName(client.getRoom(roomId)?.name ?? roomId)));
    this.search = own.add(
      new MessageSearch(client, searchIndex, {
        neutraliseName: content.neutraliseName,
        // In the open room the timeline goes to the message; another room opens at it.
        showMessage: (roomId, eventId) => (this.value.room?.roomId === roomId ? void this.value.room.showEvent(eventId) : this.showRoom(roomId, eventId)),
      }),
    );
    this.roomHost = {
      content,
      outbox: this.outbox,
      attachments: this.attachments,
      drafts: compose.drafts,
      privacy,
      records: { ...desktop.records, attachment: (media) => this.media.file(media) },
      isDirect: (roomId) => directRooms(client).has(roomId),
      locked: () => this.lock.locked,
      attentive: () => this.attentive(),
      report: (problem) => this.set({ ...this.value, problem }),
      showRoom: (roomId) => this.showRoom(roomId),
      follow: sync?.follow,
    };
    let unread = -1;
    own.add(
      this.roomList.subscribe(({ rooms, invites }) => {
        const count = rooms.reduce((sum, room) => sum + room.unread, 0) + invites.length;
        if (count !== unread) desktop.setUnreadCount((unread = count));
      }),
    );
    own.add(
      watchMessageAlerts(client, (alert) => {
        // The open room, looked at, needs no notification; do not disturb holds back all of them.
        if (alert.roomId === this.value.room?.roomId && this.attentive()) return;
        if (this.doNotDisturb.active) return;
        desktop.notify({ ...alert, content: this.notifications.chosenContent });
      }),
    );
    own.add(
      this.lock.subscribe(({ locked }) => {
        // The others stop seeing "is typing"; back at the room, what came meanwhile is read.
        if (locked) void this.value.room?.typing(false);
        else if (this.attentive()) void this.value.room?.markRead();
      }),
    );
    this.reopenRemembered(memory.load());
    void this.federationScope();
  }

  /** Opens a room (the one open before is disposed with everything it started), or none. */
  selectRoom(roomId: string | null): void {
    const room = roomId ? this.client.getRoom(roomId) : null;
    this.roomList.select(room ? room.roomId : null);
    this.memory.save(room ? room.roomId : null);
    this.set({ ...this.value, room: this.openRoom.set(room ? new RoomViewModel(this.client, room, this.roomHost) : null) });
  }

  async createRoom(room: NewRoom): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, room.invite))) return;
    await this.act('create-failed', async () => this.selectWhenJoined(await createEncryptedRoom(this.client, room)));
  }

  /** Opens the direct chat with this person if there is one (m.direct), else starts an encrypted one. */
  async startDirectChat(userId: string): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, [userId]))) return;
    await this.act('create-failed', async () => {
      const existing = await existingDirectChat(this.client, userId, [KnownMembership.Join, KnownMembership.Invite]);
      this.selectWhenJoined(existing ?? (await startDirectChat(this.client, userId)));
    });
  }

  /** Invites people into a room; the ones the server refused are named (notInvited). */
  async invite(roomId: string, userIds: readonly string[]): Promise<boolean> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, userIds))) return false;
    let notInvited: string[] = [];
    await this.act('invite-failed', async () => {
      notInvited = await inviteAll(this.client, roomId, userIds);
    });
    if (notInvited.length > 0) this.set({ ...this.value, problem: 'invite-failed', notInvited });
    return notInvited.length === 0;
  }

  /** A people picker for a dialog; the one a dialog had before ends. Scope is policy's as last read. */
  openPeoplePicker(options: Omit<PeoplePickerOptions, 'scope' | 'neutraliseName'> = {}): PeoplePicker {
    return this.picker.set(new PeoplePicker(this.client, { ...options, scope: this.value.scope, neutraliseName: this.content.neutraliseName }));
  }

  closePeoplePicker(): void {
    this.picker.set(null);
  }

  /** The public rooms of the homeserver, loaded afresh each time the directory opens. */
  openRoomDirectory(): RoomDirectory {
    return this.directory.set(new RoomDirectory(this.client, this.content.neutraliseName));
  }

  closeRoomDirectory(): void {
    this.directory.set(null);
  }

  /** Opens a room from the directory: joined already, it opens; otherwise it is joined (policy first). */
  async joinPublicRoom(room: DirectoryRoom): Promise<void> {
    if (this.client.getRoom(room.roomId)?.getMyMembership() === KnownMembership.Join) return this.selectRoom(room.roomId);
    const refusedServers = (scope: FederationScope) => {
      const route = roomRoute(scope, room.roomId);
      return route.allowed ? [] : [...route.servers];
    };
    if (await this.refused('room', refusedServers)) return;
    await this.act('join-failed', async () => {
      await this.client.joinRoom(room.roomId);
      this.selectWhenJoined(room.roomId);
    });
  }

  /** Asks a person to compare emoji; it goes through a direct chat, so policy's allowed servers apply as to one. */
  async verifyPerson(userId: string): Promise<void> {
    if (await this.refused('people', (scope) => refusedServersOf(scope, [userId]))) return;
    await this.verifications.verifyUser(userId);
  }

  /** Joins the room of an invitation; refused when the invitation comes from a server policy does not allow. */
  async acceptInvite(roomId: string): Promise<void> {
    const invitation = this.client.getRoom(roomId)?.currentState.getStateEvents(EventType.RoomMember, this.client.getSafeUserId());
    const inviter = invitation?.getSender() ?? null;
    if (await this.refused('room', (scope) => invitationRefusedServers(scope, roomId, inviter))) return;
    await this.act('join-failed', async () => {
      await this.client.joinRoom(roomId);
      this.selectWhenJoined(roomId);
    });
  }

  /**
   * Which servers may be reached, read from policy afresh (it may change while the app runs).
   * If main cannot answer, only the own homeserver is (fails closed).
   */
  async federationScope(): Promise<FederationScope> {
    const allowed = await this.desktop.allowedServers().catch(() => []);
    const scope = federationScope(this.client.getSafeUserId(), allowed);
    if (JSON.stringify(scope) !== JSON.stringify(this.value.scope)) this.set({ ...this.value, scope });
    return scope;
  }

  /** Opens a joined room (at once, or as soon as the join reaches this client), at the event if one is given. */
  showRoom(roomId: string, eventId?: string): void {
    this.selectWhenJoined(roomId, eventId);
  }

  async declineInvite(roomId: string): Promise<void> {
    await this.act('leave-failed', () => this.client.leave(roomId));
  }

  async leaveRoom(roomId: string): Promise<void> {
    await this.act('leave-failed', async () => {
      if (this.value.room?.roomId === roomId) this.selectRoom(null);
      await this.client.leave(roomId);
    });
  }

  /** The account's sessions for the sessions dialog, loaded afresh; the list shown before ends. */
  openDevices(): DeviceListViewModel {
    const list = this.deviceList.set(new DeviceListViewModel(this.client, this.content.neutraliseName));
    void list.load();
    return list;
  }

  /** The sessions dialog closed: its list stops following changes. */
  closeDevices(): void {
    this.deviceList.set(null);
  }

  dismissProblem(): void {
    this.set({ ...this.value, problem: null, refusal: null, notInvited: [] });
  }

  /** Ends the workspace; resolves once the drafts, queued messages and search index are stored (before sign-out deletes them). */
  async close(): Promise<void> {
    this.dispose();
    await Promise.all([this.compose.close(), this.searchIndex.close()]);
  }

  /** Whether the person sees the open room: the window looked at, and not locked. */
  private attentive(): boolean {
    return !this.lock.locked && this.desktop.isAttentive();
  }

  /** Checks the servers an action would reach against policy; a refusal is shown and nothing is sent. */
  private async refused(about: FederationRefusal['about'], refusedServers: (scope: FederationScope) => string[]): Promise<boolean> {
    const servers = refusedServers(await this.federationScope());
    if (servers.length === 0) return false;
    this.set({ ...this.value, problem: null, refusal: { servers, about } });
    return true;
  }

  private async act(problem: WorkspaceProblem, action: () => Promise<unknown>): Promise<void> {
    this.set({ ...this.value, busy: true, problem: null, refusal: null, notInvited: [] });
    try {
      await action();
      this.set({ ...this.value, busy: false });
    } catch {
      this.set({ ...this.value, busy: false, problem });
    }
  }

  /**
   * Opens the room that was open last time. After a restart without a connection the
   * rooms are only known once a sync has brought them (not necessarily the first one
   * after the connection returns); it opens then, unless the person has chosen a room.
   */
  private reopenRemembered(roomId: string | null): void {
    const joined = () => roomId !== null && this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
    if (joined()) return this.selectRoom(roomId);
    if (!roomId) return;
    const stop = this.listen(this.client, ClientEvent.Sync, () => {
      if (this.value.room) return stop();
      if (!joined()) return;
      stop();
      this.selectRoom(roomId);
    });
  }

  /**
   * Opens a room once our client has processed joining it (a room we just created or joined
   * may reach the client a moment after the request returns). Opening earlier (an accepted
   * invite is already known, as an invite) would start its timeline from the invite's
   * state and paginate before the join arrives, which leaves the room looking invited.
   */
  private selectWhenJoined(roomId: string, eventId?: string): void {
    this.awaitingJoin.set(null);
    const open = () => {
      this.selectRoom(roomId);
      if (eventId) void this.value.room?.showEvent(eventId);
    };
    const joined = () => this.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
    if (joined()) return open();
    // A new room's membership changes while the sync is still processing it, before it is
    // stored and announced as a room: then only its arrival tells.
    const onMembership = (room: Room) => {
      if (room.roomId !== roomId || !joined()) return;
      this.awaitingJoin.set(null);
      open();
    };
    const waiting = this.awaitingJoin.set(new Disposables());
    waiting.listen(this.client, RoomEvent.MyMembership, onMembership);
    waiting.listen(this.client, ClientEvent.Room, onMembership);
  }
}
