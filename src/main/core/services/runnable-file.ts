/**
 * Whether a file name says the file runs when opened: programs, scripts,
 * installers, shortcuts and disk images (which mount and show programs). Only
 * the last extension counts, as for the OS: "report.pdf.exe" is a program.
 */
export type RunnableKind = 'program' | 'script' | 'installer' | 'shortcut' | 'disk-image' | 'macro-document';

export interface RunnableType {
  readonly kind: RunnableKind;
  /** Lower case, without the dot. */
  readonly extension: string;
}

const extensionsByKind: Record<RunnableKind, readonly string[]> = {
  program: ['exe', 'com', 'scr', 'pif', 'cpl', 'msc', 'gadget', 'application', 'xbap', 'app', 'action', 'workflow', 'appimage', 'run', 'dll', 'ocx', 'sys', 'wsb'],
  script: [
    ...['bat', 'cmd', 'ps1', 'psm1', 'psd1', 'ps1xml', 'psc1', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'cjs', 'ws', 'wsf', 'wsc', 'wsh'],
    ...['hta', 'sct', 'jar', 'jnlp', 'reg', 'inf', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'fish', 'command', 'tool', 'py', 'pyw', 'pyz'],
    ...['pl', 'rb', 'php', 'applescript', 'scpt', 'scptd', 'chm'],
    // Opened from disk, a web page runs its scripts (and can assemble a program in the browser).
    ...['htm', 'html', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'xht'],
  ],
  installer: ['msu', 'cab', 'appinstaller', 'msi', 'msix', 'msixbundle', 'appx', 'appxbundle', 'msp', 'mst', 'pkg', 'mpkg', 'deb', 'rpm', 'snap', 'flatpak', 'flatpakref', 'apk', 'crx', 'xpi'],
  shortcut: ['lnk', 'url', 'desktop', 'scf', 'website', 'webloc', 'inetloc', 'fileloc', 'appref-ms', 'library-ms', 'searchconnector-ms', 'settingcontent-ms'],
  'disk-image': ['dmg', 'iso', 'img', 'vhd', 'vhdx'],
  'macro-document': ['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm', 'one'],
};

const kindByExtension = new Map(
  Object.entries(extensionsByKind).flatMap(([kind, extensions]) => extensions.map((extension) => [extension, kind as RunnableKind] as const)),
);

export function runnableType(fileName: string): RunnableType | null {
  // Windows ignores trailing dots and spaces: "setup.exe. " runs as setup.exe.
  const name = fileName.replace(/[. ]+$/, '');
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  const extension = name.slice(dot + 1).toLowerCase();
  const kind = kindByExtension.get(extension);
  return kind ? { kind, extension } : null;
}
