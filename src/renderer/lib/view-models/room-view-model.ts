/**
 * One open room: its header, timeline and composer (a new message, a reply or an edit, and
 * the draft), typing, the read marker, reactions and deletions, whom this device trusts
 * there and its member list. The workspace creates it when the room opens and disposes it
 * as one unit when another room does: nothing of a room outlives it.
 */
import { ClientEvent, EventStatus, EventType, MsgType, RelationType, RoomEvent, RoomMemberEvent, RoomStateEvent, type MatrixClient, type MatrixEvent, type Room, type RoomMember } from 'matrix-js-sdk';
import { neutraliseLine } from '../content/display-text';
import { editContent, messageContent, reactionContent, replyContent, type RenderedText } from '../matrix/message-content';
import { roomModeOf, setRoomMode, type RoomNotificationMode } from '../matrix/push-rules';
import { markReadUpTo } from '../matrix/read-markers';
import type { AttachmentsViewModel } from './attachments-view-model';
import { ChildSlot } from './disposables';
import { memberLabels } from './member-labels';
import { RecordExportViewModel, type RecordsPort } from './record-export-view-model';
import { MemberListViewModel } from './member-list-view-model';
import { Observable } from './observable';
import type { Outbox } from './outbox';
import { RoomSettingsViewModel } from './room-settings-view-model';
import { RoomTrust } from './room-trust';
import type { MessageItem } from './timeline-items';
import { TimelineViewModel, type TimelineSnapshot } from './timeline-view-model';

export interface RoomHeader {
  readonly roomId: string;
  readonly name: string;
  readonly topic: string;
  /** The room's picture (mxc), in a direct chat the other person's; null for none. */
  readonly avatar: string | null;
  readonly memberCount: number;
  readonly encrypted: boolean;
  /** Names of the other members typing right now. */
  readonly typing: readonly string[];
  /** The person's notification setting for the room (its push rules). */
  readonly notifications: RoomNotificationMode;
  /** Whether the person's power level lets them invite others here. */
  readonly canInvite: boolean;
}

/** What the composer's next message will be: a new one, a reply, or an edit of an earlier one. */
export type ComposerMode =
  | { readonly kind: 'new' }
  | { readonly kind: 'reply'; readonly eventId: string; readonly senderId: string; readonly senderName: string; readonly text: string }
  /** `body` is what the composer starts with: the message as it stands, or the person's unsent edit. */
  | { readonly kind: 'edit'; readonly eventId: string; readonly body: string };

export type RoomProblem = 'send-failed' | 'edit-failed' | 'react-failed' | 'redact-failed' | 'not-found' | 'notifications-failed';

export interface RoomSnapshot {
  readonly header: RoomHeader;
  readonly timeline: TimelineSnapshot;
  readonly composer: ComposerMode;
  /** An event a link asked for, loaded into the timeline: the view scrolls to it and focuses it. */
  readonly focus: { readonly eventId: string } | null;
}

/** How other people's text is made safe to show, and the person's own text made into a message. */
export interface RoomContent {
  readonly sanitize: (html: string) => string;
  /** A plain body as shown: HTML with its addresses made links, or null when it has none. */
  readonly linkify: (text: string) => string | null;
  readonly neutraliseName: (name: string) => string;
  readonly renderMarkdown: (text: string) => RenderedText;
}

/** Where each room's unsent composer text is kept across room switches and restarts. */
export interface DraftMemory {
  load(roomId: string): string;
  save(roomId: string, text: string): void;
}

/** What policy lets this client tell the others in a room (`privacy.readReceipts`, `privacy.typingNotifications`). */
export interface PrivacySettings {
  readonly readReceipts: boolean;
  readonly typingNotifications: boolean;
}

/** What a room takes from the workspace around it. */
export interface RoomHost {
  readonly content: RoomContent;
  /** Messages go out through the workspace's outbox, which waits for the connection. */
  readonly outbox: Outbox;
  readonly attachments: Pick<AttachmentsViewModel, 'send' | 'save'>;
  readonly drafts: DraftMemory;
  readonly privacy: PrivacySettings;
  /** Export for the files (xdomea), where policy allows it. */
  readonly records: RecordsPort;
  /** Whether a room is a direct chat (`m.direct`). */
  isDirect(roomId: string): boolean;
  /** While locked nothing is sent or typed from here. */
  locked(): boolean;
  /** Whether the person sees the room (the window looked at, and not locked): what arrives is read then. */
  attentive(): boolean;
  /** An action failed; the workspace tells the person. */
  report(problem: RoomProblem): void;
  /** Opens a room once this client has joined it (the one an upgrade replaced this room with). */
  showRoom(roomId: string): void;
  /** The clock typing notices are spaced by; Date.now unless a test sets it. */
  readonly now?: () => number;
  /** With sliding sync: has the server send the room's full timeline and state while it is open. */
  readonly follow?: (roomId: string) => () => void;
}

/** What the buttons on a message can do; the room does all of it. */
export type MessageActions = Pick<RoomViewModel, 'replyTo' | 'edit' | 'redact' | 'toggleReaction' | 'retry' | 'discard' | 'saveAttachment'>;

const newMessage: ComposerMode = { kind: 'new' };
const typingTimeoutMs = 6000;
const typingRepeatMs = 4000;
/** A room opened with fewer items than this loads history at once, to fill the first screen. */
const firstScreenItems = 20;

export class RoomViewModel extends Observable<RoomSnapshot> {
  readonly roomId: string;
  /** Whom this device trusts here: the header's summary, markers, identity and session warnings, each message's origin. */
  readonly trust: RoomTrust;
  private readonly timeline: TimelineViewModel;
  private readonly members = this.disposables.add(new ChildSlot<MemberListViewModel>());
  private readonly roomSettings = this.disposables.add(new ChildSlot<RoomSettingsViewModel>());
  private readonly exports = this.disposables.add(new ChildSlot<RecordExportViewModel>());
  private readonly now: () => number;
  private lastReadEventId: string | null = null;
  private typingSentAt = 0;

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly host: RoomHost,
  ) {
    const timeline = new TimelineViewModel(client, room, {
      ownUserId: client.getSafeUserId(),
      memberNames: memberLabels,
      sanitize: host.content.sanitize,
      linkify: host.content.linkify,
      outbox: host.outbox,
    });
    super({ header: headerOf(client, room, host.content.neutraliseName), timeline: timeline.value, composer: newMessage, focus: null });
    this.roomId = room.roomId;
    this.now = host.now ?? Date.now;
    if (host.follow) this.disposables.add(host.follow(room.roomId));
    this.timeline = this.disposables.add(timeline);
    this.trust = this.disposables.add(new RoomTrust(client, room, memberLabels, host.content.neutraliseName));
    this.disposables.add(
      timeline.subscribe((snapshot) => {
        this.set({ ...this.value, header: this.header(), timeline: snapshot });
        if (host.attentive()) void this.markRead();
      }),
    );
    // Name, topic, encryption and membership change the header without touching the timeline.
    const refreshHeader = () => this.set({ ...this.value, header: this.header() });
    this.listen(room, RoomEvent.Name, refreshHeader);
    // The member count comes from the sync summary, applied after the membership events themselves.
    this.listen(room, RoomEvent.Summary, refreshHeader);
    this.listen(client, RoomStateEvent.Events, (event: MatrixEvent) => {
      if (event.getRoomId() === room.roomId) refreshHeader();
    });
    this.listen(client, RoomMemberEvent.Typing, (_event: MatrixEvent, member: RoomMember) => {
      if (member.roomId === room.roomId) refreshHeader();
    });
    // The notification setting may change here, in the room list or in another session.
    this.listen(client, ClientEvent.AccountData, (event: MatrixEvent) => {
      if (event.getType() === EventType.PushRules) refreshHeader();
    });
    // Fill the first screen from history when the room has just been opened.
    if (timeline.value.items.length < firstScreenItems) void timeline.paginateBack();
  }

  /** Who is in the room or invited to it, as far as this client knows: not offered for inviting. */
  memberIds(): string[] {
    return this.room.getMembers().flatMap((member) => (member.membership === 'join' || member.membership === 'invite' ? [member.userId] : []));
  }

  /** The room's members for the side panel: loaded when first asked for, disposed with the room. */
  memberList(): MemberListViewModel {
    return this.members.value ?? this.members.set(new MemberListViewModel(this.room));
  }

  /** The room's settings (the dialog, and removing or banning from a profile): made when first asked for, disposed with the room. */
  settings(): RoomSettingsViewModel {
    return (
      this.roomSettings.value ??
      this.roomSettings.set(new RoomSettingsViewModel(this.client, this.room, { neutraliseName: this.host.content.neutraliseName, showRoom: (roomId) => this.host.showRoom(roomId) }))
    );
  }

  /** Export for the files: made when the room view first asks (to know whether policy offers it), disposed with the room. */
  recordExport(): RecordExportViewModel {
    const { client, room, host } = this;
    return (
      this.exports.value ??
      this.exports.set(
        new RecordExportViewModel({
          client,
          room,
          origins: this.trust.messages,
          port: host.records,
          neutraliseName: host.content.neutraliseName,
          direct: () => host.isDirect(room.roomId),
        }),
      )
    );
  }

  paginateBack(): Promise<boolean> {
    return this.timeline.paginateBack();
  }

  /**
   * Sends what the composer holds as a new message, a reply or an edit, as the
   * composer mode says: Markdown becomes HTML, the text stays the plain body.
   * Messages go through the outbox, which waits for the connection when it is down.
   */
  async send(text: string): Promise<void> {
    if (!text.trim() || this.host.locked()) return;
    void this.typing(false);
    const mode = this.value.composer;
    const rendered = this.host.content.renderMarkdown(text);
    this.set({ ...this.value, composer: newMessage });
    if (mode.kind === 'edit') return this.sendEdit(mode.eventId, text, rendered);
    this.host.outbox.add(this.roomId, mode.kind === 'reply' ? replyContent(rendered, mode, this.client.getSafeUserId()) : messageContent(rendered));
    this.host.drafts.save(this.roomId, '');
  }

  /** The unsent composer text, as the person left it. */
  draft(): string {
    return this.host.drafts.load(this.roomId);
  }

  /** Keeps what the composer holds, so a room switch or a reload loses nothing. */
  keepDraft(text: string): void {
    this.host.drafts.save(this.roomId, text);
  }

  /** Sends files (picked, dropped or pasted) to the room. */
  async sendFiles(files: readonly File[]): Promise<void> {
    if (files.length > 0 && !this.host.locked()) await this.host.attachments.send(this.roomId, files);
  }

  /** Offers the file or image of a message for saving. */
  async saveAttachment(eventId: string): Promise<void> {
    const attachment = this.message(eventId)?.attachment;
    if (attachment) await this.host.attachments.save(attachment);
  }

  /** The next message answers this one. */
  replyTo(eventId: string): void {
    const item = this.message(eventId);
    if (!item) return;
    const text = item.body.replace(/\s+/g, ' ').trim();
    this.set({ ...this.value, composer: { kind: 'reply', eventId, senderId: item.senderId, senderName: item.senderName, text } });
  }

  /** Puts one of the person's messages into the composer to change it. */
  edit(eventId: string): void {
    const item = this.message(eventId);
    if (item?.canEdit) this.set({ ...this.value, composer: { kind: 'edit', eventId, body: item.body } });
  }

  /** Edits the person's newest message (the Up key in an empty composer); false if there is none. */
  editLast(): boolean {
    const eventId = this.timeline.lastEditable();
    if (eventId) this.edit(eventId);
    return eventId !== null;
  }

  /** Back to writing a new message (Escape). */
  cancelComposerMode(): void {
    if (this.value.composer.kind !== 'new') this.set({ ...this.value, composer: newMessage });
  }

  /** Adds the person's reaction with this key, or takes it back if they already reacted so. */
  async toggleReaction(eventId: string, key: string): Promise<void> {
    const own = this.message(eventId)?.reactions.find((reaction) => reaction.key === key)?.ownEventId;
    try {
      await (own ? this.client.redactEvent(this.roomId, own) : this.client.sendEvent(this.roomId, EventType.Reaction, reactionContent(eventId, key)));
    } catch {
      this.host.report('react-failed');
    }
  }

  /** Deletes a message for everyone in the room (its content is removed on the server). */
  async redact(eventId: string): Promise<void> {
    if (!this.message(eventId)?.canRedact) return;
    if (this.value.composer.kind !== 'new' && this.value.composer.eventId === eventId) this.cancelComposerMode();
    try {
      await this.client.redactEvent(this.roomId, eventId);
    } catch {
      this.host.report('redact-failed');
    }
  }

  async retry(eventId: string): Promise<void> {
    const queued = this.host.outbox.find(eventId);
    if (queued) return this.host.outbox.retry(queued.txnId);
    try {
      await this.timeline.retry(eventId);
    } catch {
      this.host.report('send-failed');
    }
  }

  discard(eventId: string): void {
    const queued = this.host.outbox.find(eventId);
    if (queued) this.host.outbox.discard(queued.txnId);
    else this.timeline.discard(eventId);
  }

  /** Loads history until the event is in the timeline (a reply's original); tells when it is not found. */
  async locate(eventId: string): Promise<boolean> {
    const found = await this.timeline.locate(eventId);
    if (!found) this.host.report('not-found');
    return found;
  }

  /** Loads history until the event is there, then asks the view to show it (or says it was not found). */
  async showEvent(eventId: string): Promise<void> {
    if ((await this.locate(eventId)) && !this.disposed) this.set({ ...this.value, focus: { eventId } });
  }

  /** Tells the room the person is (still) typing, where policy allows; repeated at most every few seconds. */
  async typing(active: boolean): Promise<void> {
    if (!this.host.privacy.typingNotifications || (active && this.host.locked())) return;
    const now = this.now();
    if (active && now - this.typingSentAt < typingRepeatMs) return;
    if (!active && this.typingSentAt === 0) return;
    this.typingSentAt = active ? now : 0;
    await this.client.sendTyping(this.roomId, active, typingTimeoutMs).catch(() => undefined);
  }

  /** Moves the read marker and the read receipt (private where policy says so) to the newest event. */
  async markRead(): Promise<void> {
    const latest = this.room.getLiveTimeline().getEvents().at(-1);
    const eventId = latest?.getId();
    if (!latest || !eventId || eventId === this.lastReadEventId || latest.isSending()) return;
    this.lastReadEventId = eventId;
    try {
      await markReadUpTo(this.client, this.roomId, latest, this.host.privacy.readReceipts);
    } catch {
      this.lastReadEventId = null; // try again with the next update
    }
  }

  /** The avatar (mxc) of a member, shown next to their messages. */
  avatarOf(userId: string): string | null {
    return this.room.getMember(userId)?.getMxcAvatarUrl() || null;
  }

  private message(eventId: string): MessageItem | undefined {
    const item = this.timeline.value.items.find((candidate) => candidate.eventId === eventId);
    return item?.kind === 'message' ? item : undefined;
  }

  /** A failed edit goes back into the composer, so the person's new text is not lost. */
  private async sendEdit(eventId: string, text: string, rendered: RenderedText): Promise<void> {
    const msgtype = this.message(eventId)?.msgtype === 'emote' ? MsgType.Emote : MsgType.Text;
    try {
      // The message as it stands (edits applied): whom it mentions already.
      const current = this.room.findEventById(eventId)?.getContent();
      await this.client.sendMessage(this.roomId, editContent(rendered, eventId, msgtype, current));
    } catch {
      // The unsent edit would otherwise wait invisibly among the pending events.
      for (const event of this.room.getPendingEvents()) {
        if (event.status === EventStatus.NOT_SENT && event.isRelation(RelationType.Replace) && event.relationEventId === eventId) this.client.cancelPendingEvent(event);
      }
      this.set({ ...this.value, composer: { kind: 'edit', eventId, body: text } });
      this.host.report('edit-failed');
    }
  }

  /** All messages, mentions and keywords, or off (the room's push rules). */
  async setNotifications(mode: RoomNotificationMode): Promise<void> {
    try {
      await setRoomMode(this.client, this.roomId, mode);
      if (!this.disposed) this.set({ ...this.value, header: this.header() });
    } catch {
      this.host.report('notifications-failed');
    }
  }

  private header(): RoomHeader {
    return headerOf(this.client, this.room, this.host.content.neutraliseName);
  }
}

function headerOf(client: MatrixClient, room: Room, neutraliseName: (name: string) => string): RoomHeader {
  const topic = room.currentState.getStateEvents(EventType.RoomTopic, '')?.getContent().topic;
  return {
    roomId: room.roomId,
    name: neutraliseName(room.name) || room.roomId,
    topic: typeof topic === 'string' ? neutraliseLine(topic) : '',
    avatar: room.getMxcAvatarUrl() ?? room.getAvatarFallbackMember()?.getMxcAvatarUrl() ?? null,
    memberCount: room.getJoinedMemberCount(),
    encrypted: room.hasEncryptionStateEvent(),
    typing: room
      .getMembers()
      .filter((member) => member.typing && member.userId !== client.getUserId())
      .map((member) => neutraliseName(member.name) || member.userId),
    notifications: roomModeOf(client.pushRules, room.roomId),
    canInvite: room.canInvite(client.getSafeUserId()),
  };
}
