import { describe, expect, it } from 'vitest';
import { createFileSaver, safeFileName } from '../../src/main/core/services/file-saver';
import { originMarkFor } from '../../src/main/core/services/origin-mark';
import { runnableType } from '../../src/main/core/services/runnable-file';

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Windows\\system32\\evil.dll', 'C__Windows_system32_evil.dll'],
    ['/etc/shadow', '_etc_shadow'],
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['zero\u200Bwidth.txt', 'zero_width.txt'],
    ['line\nbreak\r.txt', 'line_break_.txt'],
    ['bell\u0007.txt', 'bell_.txt'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['trailing dots...', 'trailing dots'],
    ['.hidden', 'hidden'],
    ['', 'download'],
    ['...', 'download'],
    ['a<b>c:d"e|f?g*h', 'a_b_c_d_e_f_g_h'],
  ])('turns %j into %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('shortens extremely long names but keeps the extension', () => {
    const name = safeFileName(`${'a'.repeat(5000)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(180);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('counts bytes, not characters, so a long name in a non-Latin script still fits the file system', () => {
    const name = safeFileName(`${'報告'.repeat(200)}.docx`);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(180);
    expect(name.endsWith('.docx')).toBe(true);
    expect(name.startsWith('報告報告')).toBe(true);
  });

  it('never cuts an emoji in half', () => {
    const name = safeFileName('\u{1F4C4}'.repeat(100));
    expect(name).toBe('\u{1F4C4}'.repeat(45));
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});

describe('file saver', () => {
  /** A saver over recorded steps; `path` is what the dialog answers for a suggested name. */
  function recordingSaver({ path = (name: string): string | null => `/chosen/${name}`, confirm = true } = {}) {
    const steps: string[] = [];
    const writes: [string, Uint8Array][] = [];
    const saver = createFileSaver({
      chooseSavePath: async (name) => {
        steps.push(`dialog ${name}`);
        return path(name);
      },
      confirmRunnable: async ({ name, kind, extension }) => {
        steps.push(`confirm ${name} ${kind} ${extension}`);
        return confirm;
      },
      writeFile: async (target, bytes) => {
        steps.push(`write ${target}`);
        writes.push([target, bytes]);
      },
      markOrigin: async (target) => void steps.push(`mark ${target}`),
    });
    return { saver, steps, writes };
  }

  it('writes the bytes to the chosen path under the neutralised name, then marks the file', async () => {
    const { saver, steps, writes } = recordingSaver();
    await expect(saver.save('../secret\u202E.txt', new Uint8Array([1, 2, 3]))).resolves.toBe('saved');
    expect(steps).toEqual(['dialog _secret_.txt', 'write /chosen/_secret_.txt', 'mark /chosen/_secret_.txt']);
    expect(writes).toEqual([['/chosen/_secret_.txt', new Uint8Array([1, 2, 3])]]);
  });

  it('names a program as such before writing it, and writes nothing when the person cancels', async () => {
    const cancelled = recordingSaver({ confirm: false });
    await expect(cancelled.saver.save('invoice.pdf.exe', new Uint8Array([77, 90]))).resolves.toBe('cancelled');
    expect(cancelled.steps).toEqual(['dialog invoice.pdf.exe', 'confirm invoice.pdf.exe program exe']);
    const confirmed = recordingSaver({ confirm: true });
    await expect(confirmed.saver.save('invoice.pdf.exe', new Uint8Array([77, 90]))).resolves.toBe('saved');
    expect(confirmed.steps.slice(1)).toEqual(['confirm invoice.pdf.exe program exe', 'write /chosen/invoice.pdf.exe', 'mark /chosen/invoice.pdf.exe']);
  });

  it('asks about the name chosen in the dialog, so renaming a document to a script is caught too', async () => {
    const { saver, steps } = recordingSaver({ path: () => '/chosen/notes.PS1', confirm: false });
    await expect(saver.save('notes.txt', new Uint8Array())).resolves.toBe('cancelled');
    expect(steps).toEqual(['dialog notes.txt', 'confirm notes.PS1 script ps1']);
  });

  it('reports a cancelled dialog and a failed write as such, and marks nothing then', async () => {
    const cancelled = recordingSaver({ path: () => null });
    await expect(cancelled.saver.save('a.txt', new Uint8Array())).resolves.toBe('cancelled');
    expect(cancelled.steps).toEqual(['dialog a.txt']);
    const marked: string[] = [];
    const failing = createFileSaver({
      chooseSavePath: async () => '/read-only/a.txt',
      confirmRunnable: async () => true,
      writeFile: async () => {
        throw new Error('EACCES: permission denied');
      },
      markOrigin: async (path) => void marked.push(path),
    });
    await expect(failing.save('a.txt', new Uint8Array())).rejects.toMatchObject({ code: 'io-failed' });
    expect(marked).toEqual([]);
  });
});

describe('runnableType', () => {
  it.each([
    ['setup.exe', 'program', 'exe'],
    ['invoice.pdf.exe', 'program', 'exe'],
    ['INVOICE.PDF.EXE', 'program', 'exe'],
    ['screensaver.scr', 'program', 'scr'],
    ['Tool.app', 'program', 'app'],
    ['depesche.AppImage', 'program', 'appimage'],
    ['setup.exe. . ', 'program', 'exe'],
    ['run.bat', 'script', 'bat'],
    ['run.cmd', 'script', 'cmd'],
    ['update.ps1', 'script', 'ps1'],
    ['macro.vbs', 'script', 'vbs'],
    ['readme.js', 'script', 'js'],
    ['page.hta', 'script', 'hta'],
    ['tool.jar', 'script', 'jar'],
    ['settings.reg', 'script', 'reg'],
    ['install.sh', 'script', 'sh'],
    ['helper.py', 'script', 'py'],
    ['package.msi', 'installer', 'msi'],
    ['package.deb', 'installer', 'deb'],
    ['package.rpm', 'installer', 'rpm'],
    ['package.pkg', 'installer', 'pkg'],
    ['Akte.lnk', 'shortcut', 'lnk'],
    ['Portal.url', 'shortcut', 'url'],
    ['start.desktop', 'shortcut', 'desktop'],
    ['Installer.dmg', 'disk-image', 'dmg'],
    ['Scan.iso', 'disk-image', 'iso'],
    ['Hilfe.chm', 'script', 'chm'],
    ['Rechnung.html', 'script', 'html'],
    ['Logo.svg', 'script', 'svg'],
    ['update.msu', 'installer', 'msu'],
    ['helper.dll', 'program', 'dll'],
    ['Kalkulation.xlsm', 'macro-document', 'xlsm'],
    ['Bescheid.docm', 'macro-document', 'docm'],
    ['Notizen.one', 'macro-document', 'one'],
  ])('calls %j a %s (.%s)', (name, kind, extension) => {
    expect(runnableType(name)).toEqual({ kind, extension });
  });

  it.each(['report.pdf', 'report.exe.pdf', 'Foto.png', 'Protokoll.docx', 'archive.zip', 'exe', 'README', '.bashrc.txt', 'notes.txt'])(
    'does not call %j runnable',
    (name) => {
      expect(runnableType(name)).toBeNull();
    },
  );
});

describe('originMarkFor', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('marks a file saved on Windows with the Internet zone in its Zone.Identifier stream', () => {
    expect(originMarkFor('win32', now)).toEqual({ kind: 'alternate-stream', stream: 'Zone.Identifier', content: '[ZoneTransfer]\r\nZoneId=3\r\n' });
  });

  it("marks a file saved on macOS with Gatekeeper's quarantine attribute, naming Depesche and the time", () => {
    expect(originMarkFor('darwin', now)).toEqual({
      kind: 'extended-attribute',
      name: 'com.apple.quarantine',
      value: `0083;${(now.getTime() / 1000).toString(16)};Depesche;`,
    });
  });

  it.each(['linux', 'freebsd'])('has no mark for %s', (platform) => {
    expect(originMarkFor(platform, now)).toBeNull();
  });
});
