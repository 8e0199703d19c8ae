import { describe, expect, it } from 'vitest';
import { createFileSaver, safeFileName } from '../../src/main/services/file-saver';

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
  it('writes the bytes to the chosen path under the neutralised name', async () => {
    const writes: [string, Uint8Array][] = [];
    const suggested: string[] = [];
    const saver = createFileSaver({
      chooseSavePath: async (name) => {
        suggested.push(name);
        return `/chosen/${name}`;
      },
      writeFile: async (path, bytes) => void writes.push([path, bytes]),
    });
    await expect(saver.save('../secret\u202E.txt', new Uint8Array([1, 2, 3]))).resolves.toBe('saved');
    expect(suggested).toEqual(['_secret_.txt']);
    expect(writes).toEqual([['/chosen/_secret_.txt', new Uint8Array([1, 2, 3])]]);
  });

  it('reports a cancelled dialog and a failed write as such', async () => {
    const cancelled = createFileSaver({ chooseSavePath: async () => null, writeFile: async () => {} });
    await expect(cancelled.save('a.txt', new Uint8Array())).resolves.toBe('cancelled');
    const failing = createFileSaver({
      chooseSavePath: async () => '/read-only/a.txt',
      writeFile: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await expect(failing.save('a.txt', new Uint8Array())).rejects.toMatchObject({ code: 'io-failed' });
  });
});
