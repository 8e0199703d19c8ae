/**
 * The main-process log: electron-log writing `<directory>/depesche.log`, rotated
 * once at 5 MiB into `depesche.old.log`. Every message is redacted before any
 * transport sees it. Message bodies and decrypted content never belong here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redactor } from './redaction';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export const logFileName = 'depesche.log';
/** Where electron-log moves the full file on rotation; it keeps only this one. */
export const oldLogFileName = 'depesche.old.log';
export const maxLogFileBytes = 5 * 1024 * 1024;
export const maxRendererMessageLength = 2000;

/** The message electron-log hands to hooks and transports. */
export interface LogMessageLike {
  readonly data: unknown[];
  readonly level: string;
  readonly date: Date;
  readonly scope?: string;
}

interface TransportLike {
  level: string | false;
  /** electron-log's pipeline from `data` to what the transport writes. */
  transforms: unknown[];
}

interface FileTransportLike extends TransportLike {
  maxSize: number;
  /** A template string or `(params) => data` function; see `formatLine`. */
  format: unknown;
  resolvePathFn: (...args: never[]) => string;
}

type LogFunction = (...data: unknown[]) => void;

/** The part of an electron-log v5 logger this module configures and writes through. */
export interface LoggerLike {
  hooks: unknown[];
  transports: { file: FileTransportLike; console: TransportLike; [name: string]: TransportLike | null | undefined };
  scope(label: string): Record<LogLevel, LogFunction>;
  error: LogFunction;
  warn: LogFunction;
  info: LogFunction;
  debug: LogFunction;
}

export interface LoggingOptions {
  readonly logger: LoggerLike;
  /** Null at a kiosk: nothing is written to disk, and the last lines are kept in memory for the export. */
  readonly directory: string | null;
  readonly level: LogLevel;
  readonly redactor: Redactor;
  /** Also write to stdout/stderr (development). */
  readonly console: boolean;
}

export interface Logging {
  readonly error: LogFunction;
  readonly warn: LogFunction;
  readonly info: LogFunction;
  readonly debug: LogFunction;
  /** Logs a line the renderer sent, scoped 'renderer', on one line and at most 2,000 characters. */
  fromRenderer(level: LogLevel, message: string): void;
  /** Removes `secret` from everything logged or exported from now on. */
  remember(secret: string): void;
  /** The log files that exist, oldest first. */
  logFiles(): Promise<string[]>;
  /** All log files as one text, oldest first, redacted again with every secret known by now. */
  exportText(): Promise<string>;
}

/** Lines a memory-only log keeps: enough for a support case, bounded whatever is logged. */
export const maxMemoryLogLines = 2000;

/** Configures `logger`; call once per logger, since it adds a hook and a transform. */
export function createLogging({ logger, directory, level, redactor, console }: LoggingOptions): Logging {
  const { file } = logger.transports;
  if (directory !== null) file.resolvePathFn = () => join(directory, logFileName);
  file.maxSize = maxLogFileBytes;
  file.format = formatLine;
  file.level = directory === null ? false : level;
  const memoryLines: string[] = [];
  // Per-argument redaction cannot see a secret split over arguments (`log.info('Bearer', token)`) or
  // substituted into `%s`; the file gets the finished line redacted once more.
  file.transforms = [...file.transforms, ({ data }: { data: unknown }) => (typeof data === 'string' ? redactor.redact(data) : data)];
  logger.transports.console.level = console ? level : false;
  // Only ours: electron-log's ipc transport would copy main's log into renderer consoles.
  for (const [name, transport] of Object.entries(logger.transports)) {
    if (transport && name !== 'file' && name !== 'console') transport.level = false;
  }
  if (directory === null) logger.transports.memory = memoryTransport(memoryLines, level, redactor);
  logger.hooks.push((message: LogMessageLike): LogMessageLike => {
    const data = redactor.redactValue(message.data);
    return { ...message, data: Array.isArray(data) ? data : [data] };
  });

  const renderer = logger.scope('renderer');
  const existingFiles = async (): Promise<string[]> => {
    if (directory === null) return [];
    const names = await readdir(directory).catch(() => [] as string[]);
    return [oldLogFileName, logFileName].filter((name) => names.includes(name)).map((name) => join(directory, name));
  };

  return {
    error: (...data) => logger.error(...data),
    warn: (...data) => logger.warn(...data),
    info: (...data) => logger.info(...data),
    debug: (...data) => logger.debug(...data),
    fromRenderer(messageLevel, message) {
      renderer[messageLevel](rendererLine(redactor, message));
    },
    remember: (secret) => redactor.remember(secret),
    logFiles: existingFiles,
    async exportText() {
      if (directory === null) return redactor.redact(memoryLines.join(''));
      const texts = await Promise.all((await existingFiles()).map((path) => readFile(path, 'utf8').catch(() => '')));
      return redactor.redact(texts.join(''));
    },
  };
}

/** A custom electron-log transport (a function with a level) keeping the last lines, redacted as the file's are. */
function memoryTransport(lines: string[], level: LogLevel, redactor: Redactor): TransportLike {
  const transport = (message: LogMessageLike) => {
    lines.push(redactor.redact(`${formatLine({ data: message.data, level: message.level, message }).map(String).join(' ')}\n`));
    if (lines.length > maxMemoryLogLines) lines.shift();
  };
  return Object.assign(transport, { level, transforms: [] });
}

/** `[2025-01-31T12:00:00.000Z] [info] (main) text`: UTC, so lines from different machines compare. */
function formatLine({ data, level, message }: { data: unknown[]; level: string; message: Partial<LogMessageLike> }): unknown[] {
  const date = message.date instanceof Date ? message.date : new Date();
  return [`[${date.toISOString()}] [${level}] (${message.scope ?? 'main'})`, ...data];
}

/**
 * One line, so a renderer cannot forge main's log lines; redacted before it is
 * cut, so a secret across the cut cannot leave a recognisable half behind.
 */
function rendererLine(redactor: Redactor, message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = redactor.redact(String(message).slice(0, 8 * maxRendererMessageLength)).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return line.length <= maxRendererMessageLength ? line : `${line.slice(0, maxRendererMessageLength - 1)}…`;
}
