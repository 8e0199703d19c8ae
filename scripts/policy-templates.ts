/**
 * Builds the templates IT departments deploy policy with, from the schema in
 * src/shared/policy.ts: a JSON schema for the Linux policy file and Group
 * Policy ADMX/ADML files for Windows. Pure: scripts/generate-policy-templates.ts
 * writes the result to build/policy/, and a test keeps those files current.
 */
import type { z } from 'zod';
import { defaultPolicy, policyKeys, policySchemas, policyScopes, type PolicyKey } from '../src/shared/policy';
import { keyJsonSchema, shapeOf, type JsonSchema, type Shape } from '../src/main/core/policy-shapes';
import { recommendedSubkey } from '../src/main/core/services/policy-os-values';
import { macBundleId } from '../src/main/core/services/policy-platform';

/** Where the templates live, relative to the repository root. */
export const policyTemplateDirectory = 'build/policy';

/** The machine policy's registry key; each policy's value name is its key (lists use a subkey of that name). */
export const registryKey = 'SOFTWARE\\Policies\\Depesche';

const recommendedTitle = {
  en: 'Recommended (people may change these)',
  de: 'Empfohlen (änderbar durch die Nutzenden)',
} as const;

const supportedOn = { id: 'SUPPORTED_Depesche_0_1', en: 'Depesche 0.1 and later', de: 'Depesche 0.1 und höher' };

type Language = 'en' | 'de';
type Schema<K extends PolicyKey> = (typeof policySchemas)[K];
// Enum keys must name every option, so a new option cannot ship without its label.
type ItemLabels<K extends PolicyKey> = Schema<K> extends z.ZodEnum ? { readonly items: Record<z.output<Schema<K>>, string> } : unknown;
// Keys whose value is a JSON object are a JSON string in Group Policy; the templates show an example of it.
type JsonExample<K extends PolicyKey> = z.output<Schema<K>> extends Record<string, unknown> ? { readonly example: z.output<Schema<K>> } : unknown;
type KeyTexts<K extends PolicyKey> = JsonExample<K> & {
  readonly en: { readonly title: string } & ItemLabels<K>;
  /** English explanations come from the schema's descriptions; German ones are written here. */
  readonly de: { readonly title: string; readonly explain: string } & ItemLabels<K>;
};

const texts: { readonly [K in PolicyKey]: KeyTexts<K> } = {
  'homeserver.url': {
    en: { title: 'Fixed homeserver' },
    de: {
      title: 'Homeserver festlegen',
      explain: 'Legt den Homeserver auf dem Anmeldebildschirm fest; eine andere Adresse kann nicht gewählt werden. Nur https-Adressen.',
    },
  },
  'federation.allowedServers': {
    en: { title: 'Allowed Matrix servers' },
    de: {
      title: 'Erlaubte Matrix-Server',
      explain: 'Matrix-Server (Name oder Name:Port), die erreicht werden dürfen; nicht konfiguriert: alle Server.',
    },
  },
  'links.enabled': {
    en: { title: 'Open links' },
    de: { title: 'Links öffnen', explain: 'Legt fest, ob Links in Nachrichten mit dem Browser oder Mailprogramm des Systems geöffnet werden dürfen.' },
  },
  'links.allowedDomains': {
    en: { title: 'Allowed link domains' },
    de: {
      title: 'Erlaubte Link-Domains',
      explain:
        'Domains (einschließlich Subdomains), zu denen Links geöffnet werden dürfen, in ASCII (internationalisierte Domains als xn--…); nicht konfiguriert: jedes https- oder mailto-Ziel.',
    },
  },
  'notifications.content': {
    en: { title: 'Notification content', items: { full: 'Sender and message text', sender: 'Sender only', none: 'Only "new message"' } },
    de: {
      title: 'Inhalt von Benachrichtigungen',
      explain: 'Wie viel eine Desktop-Benachrichtigung zeigt: die ganze Nachricht, nur den Absender oder nur „Neue Nachricht“.',
      items: { full: 'Absender und Nachrichtentext', sender: 'Nur Absender', none: 'Nur „Neue Nachricht“' },
    },
  },
  'idleLock.minutes': {
    en: { title: 'Lock when idle (minutes)' },
    de: {
      title: 'Sperre bei Inaktivität (Minuten)',
      explain: 'Minuten ohne Eingabe am System, nach denen Depesche sperrt; 0 schaltet die Sperre aus.',
    },
  },
  'devTools.enabled': {
    en: { title: 'Developer tools' },
    de: { title: 'Entwicklerwerkzeuge', explain: 'Legt fest, ob die Entwicklerwerkzeuge geöffnet werden können.' },
  },
  'logging.level': {
    en: {
      title: 'Logging level',
      items: { error: 'Errors only', warn: 'Warnings and errors', info: 'Information', debug: 'Debugging (detailed)' },
    },
    de: {
      title: 'Protokollierungsstufe',
      explain: 'Die niedrigste Stufe, die in die Protokolldateien geschrieben wird.',
      items: { error: 'Nur Fehler', warn: 'Warnungen und Fehler', info: 'Informationen', debug: 'Fehlersuche (ausführlich)' },
    },
  },
  language: {
    en: { title: 'Language', items: { de: 'German', en: 'English' } },
    de: {
      title: 'Sprache',
      explain: 'Sprache der Benutzeroberfläche; nicht konfiguriert: die Sprache des Betriebssystems.',
      items: { de: 'Deutsch', en: 'Englisch' },
    },
  },
  'downloads.enabled': {
    en: { title: 'Save files' },
    de: { title: 'Dateien speichern', explain: 'Legt fest, ob Dateien aus Unterhaltungen auf dem Datenträger gespeichert werden dürfen.' },
  },
  'export.enabled': {
    en: { title: 'Export conversations for the files (xdomea)' },
    de: {
      title: 'Unterhaltungen für die Akte exportieren (xdomea)',
      explain: 'Legt fest, ob Unterhaltungen für die Akte exportiert werden dürfen (ein xdomea-3.1.0-Paket mit PDF, Anhängen und den Ereignissen im Rohformat).',
    },
  },
  'uploads.maxBytes': {
    en: { title: 'Largest file to send (bytes)' },
    de: {
      title: 'Größte Datei zum Senden (Bytes)',
      explain: 'Größte Datei in Bytes, die gesendet werden darf; nicht konfiguriert: das Limit des Homeservers.',
    },
  },
  'screenCapture.protection': {
    en: { title: 'Screen capture protection' },
    de: {
      title: 'Schutz vor Bildschirmaufnahmen',
      explain: 'Bittet das Betriebssystem, das Fenster aus Bildschirmfotos und Bildschirmfreigaben herauszuhalten (nur Windows und macOS).',
    },
  },
  'tray.closeToTray': {
    en: { title: 'Close to tray' },
    de: {
      title: 'In den Infobereich schließen',
      explain: 'Beim Schließen des Fensters läuft Depesche im Infobereich weiter, damit Benachrichtigungen weiter ankommen.',
    },
  },
  'kiosk.enabled': {
    en: { title: 'Kiosk mode' },
    de: {
      title: 'Kioskmodus',
      explain:
        'Kioskmodus für gemeinsam genutzte Terminals: Vollbild, nichts wird auf der Festplatte abgelegt, alles wird bei Abmeldung, Beenden und beim nächsten Start gelöscht.',
    },
  },
  'kiosk.idleSignOutMinutes': {
    en: { title: 'Kiosk: sign out after inactivity' },
    de: {
      title: 'Kiosk: Abmeldung bei Inaktivität',
      explain: 'Nur im Kioskmodus: Minuten ohne Eingabe in Depesche, nach denen ein 30-Sekunden-Countdown die Person abmeldet.',
    },
  },
  'encryption.onlyVerifiedDevices': {
    en: { title: 'Share room keys only with verified sessions' },
    de: {
      title: 'Raumschlüssel nur an verifizierte Sitzungen',
      explain:
        'Raumschlüssel gehen nur an Sitzungen, die ihr Inhaber gegengezeichnet hat; Personen ohne Cross-Signing (ältere Apps, Bots) lesen dann nichts.',
    },
  },
  'spellcheck.enabled': {
    en: { title: 'Spell checking' },
    de: {
      title: 'Rechtschreibprüfung',
      explain: 'Legt fest, ob die Rechtschreibung beim Tippen geprüft wird. Unter Linux ist dafür zusätzlich spellcheck.dictionaryUrl nötig.',
    },
  },
  'spellcheck.dictionaryUrl': {
    en: { title: 'Spell checking dictionaries' },
    de: {
      title: 'Wörterbücher für die Rechtschreibprüfung',
      explain:
        'Ein interner Spiegel der Hunspell-Wörterbücher von Chromium (der Ordner mit Dateien wie de-DE-3-0.bdic). Unter Linux wird die Rechtschreibung nur damit geprüft; Windows und macOS nutzen ihre eigene Rechtschreibprüfung.',
    },
  },
  'network.proxy': {
    example: { mode: 'fixed', server: 'http://proxy.example.org:3128', bypass: ['*.example.org', '<local>'] },
    en: { title: 'Proxy server' },
    de: {
      title: 'Proxyserver',
      explain:
        'Wie Depesche das Netz erreicht, als JSON-Objekt: {"mode":"direct"} (ohne Proxy), {"mode":"system"} (Einstellungen des Betriebssystems), {"mode":"fixed","server":"…","bypass":[…]} (ein fester Proxy mit Ausnahmen) oder {"mode":"pac","url":"…"} (ein PAC-Skript).',
    },
  },
  'recoveryKey.required': {
    en: { title: 'Require secure backup' },
    de: {
      title: 'Sichere Sicherung vorschreiben',
      explain:
        'Die sichere Sicherung kann nicht übersprungen werden: Eine neue Sitzung muss verifiziert werden, und ein Konto ohne Sicherung muss sie einrichten, bevor es genutzt wird.',
    },
  },
  'privacy.readReceipts': {
    en: { title: 'Send read receipts' },
    de: {
      title: 'Lesebestätigungen senden',
      explain: 'Legt fest, ob andere sehen, wie weit gelesen wurde. Ausgeschaltet bleibt die Leseposition privat und nur für die eigenen Sitzungen sichtbar.',
    },
  },
  'privacy.typingNotifications': {
    en: { title: 'Send typing notifications' },
    de: { title: 'Tippbenachrichtigungen senden', explain: 'Legt fest, ob andere sehen, dass gerade geschrieben wird.' },
  },
  'sync.mode': {
    en: { title: 'Sync mode', items: { auto: 'Sliding sync where the homeserver offers it', sliding: 'Always sliding sync', classic: 'Always classic sync' } },
    de: {
      title: 'Synchronisierung',
      explain:
        'Wie Depesche synchronisiert: „auto“ nutzt Sliding Sync (MSC4186; die Raumliste lädt die zuletzt aktiven Räume zuerst), wo der Homeserver es anbietet, sonst die klassische Synchronisierung; „sliding“ und „classic“ nutzen immer diese eine. Gilt ab dem nächsten Start.',
      items: { auto: 'Sliding Sync, wo der Homeserver es anbietet', sliding: 'Immer Sliding Sync', classic: 'Immer klassische Synchronisierung' },
    },
  },
};

const defaultWords = {
  en: { label: 'Not configured', on: 'enabled', off: 'disabled', example: 'Example' },
  de: { label: 'Nicht konfiguriert', on: 'aktiviert', off: 'deaktiviert', example: 'Beispiel' },
} as const;

/** JSON Schema (draft 2020-12) of a policy file such as /etc/depesche/policy.json: the mandatory/recommended form, or a flat object read as mandatory. */
export function policyJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Depesche policy',
    description:
      'Managed policy for Depesche: {"mandatory": {...}, "recommended": {...}}, or the keys directly (read as mandatory). Every key is optional; a mandatory key is locked for the user, a recommended one is a default they may change.',
    anyOf: [
      { $ref: '#/$defs/layer' },
      {
        type: 'object',
        properties: { mandatory: { $ref: '#/$defs/layer' }, recommended: { $ref: '#/$defs/layer' } },
        additionalProperties: false,
      },
    ],
    $defs: {
      layer: {
        type: 'object',
        properties: Object.fromEntries(policyKeys.map((key) => [key, keyJsonSchema(key)])),
        additionalProperties: false,
      },
    },
  };
}

/** ADMX ids cannot safely contain dots (`$(string.a.b)`), so dots become underscores. */
export function admxId(key: PolicyKey): string {
  return key.replaceAll('.', '_');
}

// A DWORD holds up to 2^32 - 1; larger maxima need a QWORD (longDecimal).
const maxDword = 0xffff_ffff;

function admxElement(key: PolicyKey, shape: Shape, registry: string): string {
  const id = admxId(key);
  switch (shape.kind) {
    case 'boolean':
      return '';
    case 'enum': {
      const items = shape.options.map(
        (option) => `          <item displayName="$(string.${id}_${option})"><value><string>${xml(option)}</string></value></item>`,
      );
      return [`        <enum id="${id}" valueName="${xml(key)}" required="true">`, ...items, '        </enum>'].join('\n');
    }
    case 'integer': {
      const element = shape.max > maxDword ? 'longDecimal' : 'decimal';
      return `        <${element} id="${id}" valueName="${xml(key)}" required="true" minValue="${shape.min}" maxValue="${shape.max}" />`;
    }
    case 'text':
    case 'json':
      return `        <text id="${id}" valueName="${xml(key)}" required="true" maxLength="${shape.maxLength}" />`;
    case 'list':
      return `        <list id="${id}" key="${xml(`${registry}\\${key}`)}" valuePrefix="" />`;
  }
}

/** Mandatory policies sit in the Depesche category, recommended ones (a default people may change) in its Recommended subcategory. */
type Level = 'mandatory' | 'recommended';

function admxPolicy(key: PolicyKey, level: Level): string {
  const id = admxId(key);
  const shape = shapeOf(key);
  const registry = level === 'mandatory' ? registryKey : `${registryKey}\\${recommendedSubkey}`;
  const name = level === 'mandatory' ? id : `${id}_Recommended`;
  // Security keys are read from HKLM only; comfort keys may also be set per user (HKCU).
  const policyClass = policyScopes[key] === 'security' ? 'Machine' : 'Both';
  const presentation = shape.kind === 'boolean' ? '' : ` presentation="$(presentation.${id})"`;
  const valueName = shape.kind === 'boolean' ? ` valueName="${xml(key)}"` : '';
  const body =
    shape.kind === 'boolean'
      ? [
          '      <enabledValue><decimal value="1" /></enabledValue>',
          '      <disabledValue><decimal value="0" /></disabledValue>',
        ]
      : ['      <elements>', admxElement(key, shape, registry), '      </elements>'];
  return [
    `    <policy name="${name}" class="${policyClass}" displayName="$(string.${id})" explainText="$(string.${id}_Explain)"${presentation} key="${xml(registry)}"${valueName}>`,
    `      <parentCategory ref="${level === 'mandatory' ? 'Depesche' : 'Depesche_Recommended'}" />`,
    `      <supportedOn ref="${supportedOn.id}" />`,
    ...body,
    '    </policy>',
  ].join('\n');
}

export function policyAdmx(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from src/shared/policy.ts by scripts/generate-policy-templates.ts; do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="depesche" namespace="Depesche.Policies.Depesche" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="${supportedOn.id}" displayName="$(string.${supportedOn.id})" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="Depesche" displayName="$(string.Depesche)" />
    <category name="Depesche_Recommended" displayName="$(string.Depesche_Recommended)">
      <parentCategory ref="Depesche" />
    </category>
  </categories>
  <policies>
${policyKeys.map((key) => admxPolicy(key, 'mandatory')).join('\n')}
${policyKeys.map((key) => admxPolicy(key, 'recommended')).join('\n')}
  </policies>
</policyDefinitions>
`;
}

function explanation(key: PolicyKey, language: Language): string {
  const words = defaultWords[language];
  const keyTexts: KeyTexts<PolicyKey> = texts[key];
  const own = [language === 'en' ? (policySchemas[key].description ?? '') : keyTexts.de.explain];
  if ('example' in keyTexts) own.push(`${words.example}: ${JSON.stringify(keyTexts.example)}`);
  if (!Object.hasOwn(defaultPolicy, key)) return own.join('\n\n');
  const value: unknown = defaultPolicy[key as keyof typeof defaultPolicy];
  const shown =
    typeof value === 'boolean'
      ? value ? words.on : words.off
      : typeof value === 'object'
        ? JSON.stringify(value)
        : (itemLabels(key, language)?.[String(value)] ?? String(value));
  return [...own, `${words.label}: ${shown}.`].join('\n\n');
}

function itemLabels(key: PolicyKey, language: Language): Record<string, string> | undefined {
  const local = texts[key][language];
  return 'items' in local ? (local.items as Record<string, string>) : undefined;
}

function admlStrings(key: PolicyKey, language: Language): string[] {
  const id = admxId(key);
  const shape = shapeOf(key);
  const strings = [
    `      <string id="${id}">${xml(texts[key][language].title)}</string>`,
    `      <string id="${id}_Explain">${xml(explanation(key, language))}</string>`,
  ];
  if (shape.kind === 'enum') {
    const labels = itemLabels(key, language) ?? {};
    for (const option of shape.options) {
      strings.push(`      <string id="${id}_${option}">${xml(labels[option] ?? option)}</string>`);
    }
  }
  return strings;
}

function admlPresentation(key: PolicyKey, language: Language): string[] {
  const id = admxId(key);
  const shape = shapeOf(key);
  const label = xml(texts[key][language].title);
  const control = (() => {
    switch (shape.kind) {
      case 'boolean':
        return null;
      case 'enum': {
        const fallback = Object.hasOwn(defaultPolicy, key) ? shape.options.indexOf(String(defaultPolicy[key as keyof typeof defaultPolicy])) : 0;
        return `<dropdownList refId="${id}" noSort="true" defaultItem="${Math.max(fallback, 0)}">${label}</dropdownList>`;
      }
      case 'integer': {
        const element = shape.max > maxDword ? 'longDecimalTextBox' : 'decimalTextBox';
        const initial = Object.hasOwn(defaultPolicy, key) ? Number(defaultPolicy[key as keyof typeof defaultPolicy]) : shape.min;
        return `<${element} refId="${id}" defaultValue="${initial}" spin="false">${label}</${element}>`;
      }
      case 'text':
        return `<textBox refId="${id}"><label>${label}</label></textBox>`;
      case 'json': {
        const initial = Object.hasOwn(defaultPolicy, key) ? `<defaultValue>${xml(JSON.stringify(defaultPolicy[key as keyof typeof defaultPolicy]))}</defaultValue>` : '';
        return `<textBox refId="${id}"><label>${label} (JSON)</label>${initial}</textBox>`;
      }
      case 'list':
        return `<listBox refId="${id}">${label}</listBox>`;
    }
  })();
  return control === null ? [] : [`      <presentation id="${id}">`, `        ${control}`, '      </presentation>'];
}

export function policyAdml(language: Language): string {
  const heading = language === 'en' ? 'Depesche policy settings' : 'Richtlinien für Depesche';
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from src/shared/policy.ts by scripts/generate-policy-templates.ts; do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>${xml(heading)}</displayName>
  <description>${xml(heading)}</description>
  <resources>
    <stringTable>
      <string id="Depesche">Depesche</string>
      <string id="Depesche_Recommended">${xml(recommendedTitle[language])}</string>
      <string id="${supportedOn.id}">${xml(supportedOn[language])}</string>
${policyKeys.flatMap((key) => admlStrings(key, language)).join('\n')}
    </stringTable>
    <presentationTable>
${policyKeys.flatMap((key) => admlPresentation(key, language)).join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

/** An example policy file for administrators; the template test checks the schema accepts it and the app reads it without a problem. */
export const examplePolicy = {
  mandatory: {
    'homeserver.url': 'https://matrix.bund.example',
    'federation.allowedServers': ['bund.example', 'land.example:8448'],
    'links.allowedDomains': ['bund.example', 'intranet.bund.example'],
    'devTools.enabled': false,
    'downloads.enabled': true,
    'uploads.maxBytes': 104857600,
    'encryption.onlyVerifiedDevices': true,
    'idleLock.minutes': 15,
  },
  recommended: {
    'notifications.content': 'sender',
    language: 'de',
    'tray.closeToTray': true,
  },
} as const;

/**
 * A macOS configuration profile with the example's mandatory values as forced
 * preferences of the app (MDM installs them in /Library/Managed Preferences).
 * Lists are JSON strings: the reader (policy-watcher) reads strings, not arrays.
 * The UUIDs are fixed so the generated file is stable; give your copy new ones.
 */
export function policyMobileconfig(): string {
  const entries = Object.entries(examplePolicy.mandatory).map(([key, value]) => `      <key>${xml(key)}</key>\n      ${plistValue(value)}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Generated from src/shared/policy.ts by scripts/generate-policy-templates.ts; do not edit. An example: adjust the values and the UUIDs. -->
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadType</key>
      <string>${macBundleId}</string>
      <key>PayloadIdentifier</key>
      <string>${macBundleId}.policy</string>
      <key>PayloadUUID</key>
      <string>6F0B6D0E-3C1A-4E8B-9E55-0D5E2A7C1B01</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
      <key>PayloadDisplayName</key>
      <string>Depesche policy</string>
${entries.join('\n')}
    </dict>
  </array>
  <key>PayloadDisplayName</key>
  <string>Depesche</string>
  <key>PayloadDescription</key>
  <string>Managed policy for Depesche (${xml(macBundleId)}).</string>
  <key>PayloadIdentifier</key>
  <string>${macBundleId}.profile</string>
  <key>PayloadScope</key>
  <string>System</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>6F0B6D0E-3C1A-4E8B-9E55-0D5E2A7C1B00</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;
}

function plistValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? '<true/>' : '<false/>';
  if (typeof value === 'number') return `<integer>${value}</integer>`;
  return `<string>${xml(typeof value === 'string' ? value : JSON.stringify(value))}</string>`;
}

/** Every template, by path relative to build/policy/. */
export function policyTemplates(): Record<string, string> {
  return {
    'depesche-policy.schema.json': `${JSON.stringify(policyJsonSchema(), null, 2)}\n`,
    'policy.example.json': `${JSON.stringify(examplePolicy, null, 2)}\n`,
    'depesche.admx': policyAdmx(),
    'en-US/depesche.adml': policyAdml('en'),
    'de-DE/depesche.adml': policyAdml('de'),
    'depesche.mobileconfig': policyMobileconfig(),
  };
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => xmlEntities[char] ?? char);
}
