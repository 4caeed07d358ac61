/**
 * The Outlook add-in's XML manifest (Office Add-ins manifest schema 1.1, MailApp with VersionOverrides 1.0 → 1.1),
 * generated for one installation: its public URL, its name and a stable Id. Pure string building: no I/O, so the
 * CLI (`sealpost admin addin-manifest`) and the org-admin download (`GET /api/org/addin-manifest`) produce the
 * same bytes. Element order follows the published XSDs (xs:sequence): Outlook rejects a manifest whose elements
 * are out of order, so the order here is deliberate. docs/outlook.md explains how an admin installs it.
 */
import { SealpostError } from '../errors.ts';
import { addinStrings, type AddinManifestLocale } from './manifest-strings.ts';
import { onMessageSendHandlerName } from './names.ts';

export { onMessageSendHandlerName };

/** What varies per installation. */
export interface AddinManifestInput {
  /** Stable GUID of this installation's add-in (see addinIdFor in src/crypto/addin-id.ts). */
  id: string;
  /** The installation's public base URL, https (Outlook refuses http add-ins except on localhost). */
  publicUrl: string;
  /** Shown as the add-in's name in Outlook, e.g. "Sealpost" or the organisation's name. */
  name: string;
  /** Manifest version: Outlook updates a centrally deployed add-in when this grows. Four dot-separated numbers. */
  version?: string;
}

/** Paths under the public URL that the manifest points Outlook at; the server serves them (src/http/addin-routes.ts). */
export const addinPaths = {
  taskpane: '/addin/taskpane.html',
  /** Event runtime for Outlook on the web, new Outlook and Mac: an HTML page that loads commands.js. */
  commandsPage: '/addin/commands.html',
  /** Event runtime for classic Outlook on Windows: the bare JavaScript file (no HTML, no ES modules). */
  commandsScript: '/addin/commands.js',
  icon: (size: 16 | 32 | 64 | 80 | 128) => `/addin/icon-${size}.png`,
} as const;

/** Requirement set for event-based activation with Smart Alerts (OnMessageSend, SendMode). */
export const eventRequirementSet = '1.12';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){1,3}$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function baseUrlOf(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The public URL is not a URL' });
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  // Office loads add-in pages only over https; localhost is the one exception it makes for development.
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The add-in needs PUBLIC_URL on https (Outlook loads add-ins only over https)' });
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** `<Element DefaultValue="en"><Override Locale="de-DE" Value="…"/>…</Element>` in the base manifest's namespace. */
function localized(element: string, pick: (s: AddinManifestLocale) => string, indent: string): string {
  const overrides = (['de-DE', 'nl-NL'] as const)
    .map((locale) => `${indent}  <Override Locale="${locale}" Value="${escapeXml(pick(addinStrings[locale]))}"/>`)
    .join('\n');
  return `${indent}<${element} DefaultValue="${escapeXml(pick(addinStrings['en-US']))}">\n${overrides}\n${indent}</${element}>`;
}

/** A bt:String with its per-locale bt:Override children (VersionOverrides resources). */
function resourceString(id: string, pick: (s: AddinManifestLocale) => string, indent: string): string {
  const overrides = (['de-DE', 'nl-NL'] as const)
    .map((locale) => `${indent}  <bt:Override Locale="${locale}" Value="${escapeXml(pick(addinStrings[locale]))}"/>`)
    .join('\n');
  return `${indent}<bt:String id="${id}" DefaultValue="${escapeXml(pick(addinStrings['en-US']))}">\n${overrides}\n${indent}</bt:String>`;
}

/** The task pane button, on the read or the compose surface. */
function commandSurface(kind: 'MessageReadCommandSurface' | 'MessageComposeCommandSurface', indent: string): string {
  const key = kind === 'MessageReadCommandSurface' ? 'read' : 'compose';
  const i = (n: number) => indent + '  '.repeat(n);
  return [
    `${i(0)}<ExtensionPoint xsi:type="${kind}">`,
    `${i(1)}<OfficeTab id="TabDefault">`,
    `${i(2)}<Group id="sealpost.${key}.group">`,
    `${i(3)}<Label resid="Group.Label"/>`,
    `${i(3)}<Control xsi:type="Button" id="sealpost.${key}.open">`,
    `${i(4)}<Label resid="Button.Label"/>`,
    `${i(4)}<Supertip>`,
    `${i(5)}<Title resid="Button.Label"/>`,
    `${i(5)}<Description resid="Button.Tooltip"/>`,
    `${i(4)}</Supertip>`,
    `${i(4)}<Icon>`,
    `${i(5)}<bt:Image size="16" resid="Icon.16"/>`,
    `${i(5)}<bt:Image size="32" resid="Icon.32"/>`,
    `${i(5)}<bt:Image size="80" resid="Icon.80"/>`,
    `${i(4)}</Icon>`,
    `${i(4)}<Action xsi:type="ShowTaskpane">`,
    `${i(5)}<SourceLocation resid="Taskpane.Url"/>`,
    `${i(4)}</Action>`,
    `${i(3)}</Control>`,
    `${i(2)}</Group>`,
    `${i(1)}</OfficeTab>`,
    `${i(0)}</ExtensionPoint>`,
  ].join('\n');
}

/** Hosts + Resources of one VersionOverrides level; 1.1 adds the event runtime and the OnMessageSend launch event. */
function overrides(base: string, level: '1.0' | '1.1', indent: string): string {
  const i = (n: number) => indent + '  '.repeat(n);
  const url = (id: string, path: string) => `${i(2)}<bt:Url id="${id}" DefaultValue="${escapeXml(base + path)}"/>`;
  const image = (size: 16 | 32 | 80) => `${i(2)}<bt:Image id="Icon.${size}" DefaultValue="${escapeXml(base + addinPaths.icon(size))}"/>`;
  const runtimes =
    level === '1.1'
      ? [
          `${i(2)}<Runtimes>`,
          // One runtime: the HTML page for web/new Outlook/Mac, overridden by the bare script for classic Windows.
          `${i(3)}<Runtime resid="Commands.Url">`,
          `${i(4)}<Override type="javascript" resid="CommandsJs.Url"/>`,
          `${i(3)}</Runtime>`,
          `${i(2)}</Runtimes>`,
        ]
      : [];
  const launchEvent =
    level === '1.1'
      ? [
          `${i(3)}<ExtensionPoint xsi:type="LaunchEvent">`,
          `${i(4)}<LaunchEvents>`,
          // SoftBlock: the user can still send when the add-in is unavailable (offline, failed to load); the gateway
          // is the backstop there (docs/outlook.md). Block would stop all mail whenever our server is unreachable.
          `${i(5)}<LaunchEvent Type="OnMessageSend" FunctionName="${onMessageSendHandlerName}" SendMode="SoftBlock"/>`,
          `${i(4)}</LaunchEvents>`,
          `${i(4)}<SourceLocation resid="Commands.Url"/>`,
          `${i(3)}</ExtensionPoint>`,
        ]
      : [];
  return [
    `${i(0)}<Hosts>`,
    `${i(1)}<Host xsi:type="MailHost">`,
    ...runtimes,
    `${i(2)}<DesktopFormFactor>`,
    `${i(3)}<FunctionFile resid="Commands.Url"/>`,
    commandSurface('MessageReadCommandSurface', i(3)),
    commandSurface('MessageComposeCommandSurface', i(3)),
    ...launchEvent,
    `${i(2)}</DesktopFormFactor>`,
    `${i(1)}</Host>`,
    `${i(0)}</Hosts>`,
    `${i(0)}<Resources>`,
    `${i(1)}<bt:Images>`,
    image(16),
    image(32),
    image(80),
    `${i(1)}</bt:Images>`,
    `${i(1)}<bt:Urls>`,
    url('Taskpane.Url', addinPaths.taskpane),
    url('Commands.Url', addinPaths.commandsPage),
    ...(level === '1.1' ? [url('CommandsJs.Url', addinPaths.commandsScript)] : []),
    `${i(1)}</bt:Urls>`,
    `${i(1)}<bt:ShortStrings>`,
    resourceString('Group.Label', (s) => s.groupLabel, i(2)),
    resourceString('Button.Label', (s) => s.buttonLabel, i(2)),
    `${i(1)}</bt:ShortStrings>`,
    `${i(1)}<bt:LongStrings>`,
    resourceString('Button.Tooltip', (s) => s.buttonTooltip, i(2)),
    `${i(1)}</bt:LongStrings>`,
    `${i(0)}</Resources>`,
  ].join('\n');
}

/** The add-in's name in Outlook: "Sealpost", or "Sealpost – <organisation>" (cut to the schema's 125 characters). */
export function addinNameFor(orgName?: string): string {
  const org = orgName?.trim();
  return (org ? `Sealpost – ${org}` : 'Sealpost').slice(0, 125).trim();
}

/** The manifest XML for this installation. Throws SP_ERR_VALIDATION on a bad Id, version or URL. */
export function renderAddinManifest(input: AddinManifestInput): string {
  if (!GUID.test(input.id)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The add-in Id must be a GUID' });
  const version = input.version ?? '1.0.0.0';
  if (!VERSION.test(version)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The add-in version is 2 to 4 dot-separated numbers' });
  const name = input.name.trim();
  // DisplayName is a ShortString in the schema: at most 125 characters.
  if (name.length === 0 || name.length > 125) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The add-in name must be 1 to 125 characters' });
  const base = baseUrlOf(input.publicUrl);
  const origin = new URL(base).origin;
  const named = (pick: (s: AddinManifestLocale) => string) => (s: AddinManifestLocale) => pick(s).replaceAll('{name}', name);
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0"
           xsi:type="MailApp">
  <Id>${input.id.toLowerCase()}</Id>
  <Version>${version}</Version>
  <ProviderName>${escapeXml(name)}</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue="${escapeXml(name)}"/>
${localized('Description', named((s) => s.description), '  ')}
  <IconUrl DefaultValue="${escapeXml(base + addinPaths.icon(64))}"/>
  <HighResolutionIconUrl DefaultValue="${escapeXml(base + addinPaths.icon(128))}"/>
  <SupportUrl DefaultValue="${escapeXml(base + '/')}"/>
  <AppDomains>
    <AppDomain>${escapeXml(origin)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox"/>
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemRead">
      <DesktopSettings>
        <SourceLocation DefaultValue="${escapeXml(base + addinPaths.taskpane)}"/>
        <RequestedHeight>250</RequestedHeight>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>ReadWriteItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Edit"/>
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"/>
  </Rule>
  <DisableEntityHighlighting>false</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Requirements>
      <bt:Sets DefaultMinVersion="1.3">
        <bt:Set Name="Mailbox"/>
      </bt:Sets>
    </Requirements>
${overrides(base, '1.0', '    ')}
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements>
        <bt:Sets DefaultMinVersion="${eventRequirementSet}">
          <bt:Set Name="Mailbox"/>
        </bt:Sets>
      </Requirements>
${overrides(base, '1.1', '      ')}
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
`;
}
