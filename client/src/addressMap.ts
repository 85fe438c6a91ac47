import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './fileKinds.generated';

/** The language server's request and notification for the map (docs/address-map.md). */
const MAP_REQUEST = 'eksnet/addressMap';
const ANALYZED = 'eksnet/analyzed';
export const SHOW_MAP_COMMAND = 'eksnet.showAddressMap';

interface MapVpc {
  name: string;
  file: string;
  line: number;
  subnets: unknown[];
  free: string[];
}
interface MapResult {
  map: { version: number; vpcs: MapVpc[] };
  svg: string;
}

/**
 * The address map in VS Code: a webview showing the SVG the server draws (the same drawing as
 * `eksnet map --format svg`), redrawn after every analysis the server announces, themed through
 * CSS variables that map the drawing's colours to the editor theme's; a CodeLens on each VPC
 * declaration opens it. Clicking a subnet, or Enter / Space on a focused one (Tab moves between
 * them), opens its declaration. The webview loads nothing: its Content-Security-Policy allows only
 * its inline style and one inline script with a fresh nonce, which only posts messages back here.
 */
export class AddressMapView implements vscode.CodeLensProvider {
  private panel: vscode.WebviewPanel | undefined;
  private latest: Promise<MapResult | undefined> | undefined;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(private readonly client: LanguageClient) {}

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.commands.registerCommand(SHOW_MAP_COMMAND, (vpc?: string) => this.show(vpc)),
      vscode.languages.registerCodeLensProvider([...DOCUMENT_SELECTOR], this),
      this.client.onNotification(ANALYZED, () => {
        this.latest = undefined;
        this.lensesChanged.fire();
        if (this.panel?.visible) void this.redraw();
      }),
      this.lensesChanged,
    );
  }

  /** The map, asked once per analysis and shared by the lenses and the view. */
  private map(): Promise<MapResult | undefined> {
    this.latest ??= Promise.resolve(this.client.sendRequest<MapResult>(MAP_REQUEST, {})).catch(() => undefined);
    return this.latest;
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const result = await this.map();
    const uri = doc.uri.toString();
    return (result?.map.vpcs ?? [])
      .filter((v) => vscode.Uri.parse(v.file).toString() === uri)
      .map((v) => {
        const range = new vscode.Range(v.line, 0, v.line, 0);
        const title = `Address map: ${v.subnets.length} subnet${v.subnets.length === 1 ? '' : 's'}, ${v.free.length} free block${v.free.length === 1 ? '' : 's'}`;
        return new vscode.CodeLens(range, { title, command: SHOW_MAP_COMMAND, arguments: [v.name] });
      });
  }

  async show(vpc?: string): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'eksnet.addressMap',
        'eksnet: Address Map',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panel.webview.html = page(this.panel.webview.cspSource, nonce());
      this.panel.webview.onDidReceiveMessage((m: { type?: string; file?: string; line?: number }) => {
        if (m.type === 'open' && typeof m.file === 'string' && typeof m.line === 'number') void openAt(m.file, m.line);
        if (m.type === 'ready') void this.redraw();
      });
      this.panel.onDidChangeViewState(() => {
        if (this.panel?.visible) void this.redraw();
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else this.panel.reveal();
    await this.redraw(vpc);
  }

  private async redraw(vpc?: string): Promise<void> {
    const result = await this.map();
    const svg = result?.svg ?? '';
    await this.panel?.webview.postMessage({ type: 'svg', svg, vpc });
  }
}

async function openAt(file: string, line: number): Promise<void> {
  const pos = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(file), {
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(pos, pos),
  });
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/** The drawing's colour variables, taken from the theme (charts colours for the zones). */
const THEME = [
  '--eksnet-fg: var(--vscode-editor-foreground)',
  '--eksnet-bg: var(--vscode-editor-background)',
  '--eksnet-border: var(--vscode-editorWidget-border, var(--vscode-panel-border))',
  '--eksnet-focus: var(--vscode-focusBorder)',
  '--eksnet-error: var(--vscode-errorForeground)',
  '--eksnet-ok: var(--vscode-charts-green)',
  '--eksnet-font: var(--vscode-font-family)',
  '--eksnet-zone-0: var(--vscode-charts-blue)',
  '--eksnet-zone-1: var(--vscode-charts-orange)',
  '--eksnet-zone-2: var(--vscode-charts-green)',
  '--eksnet-zone-3: var(--vscode-charts-purple)',
  '--eksnet-zone-4: var(--vscode-charts-yellow)',
  '--eksnet-zone-5: var(--vscode-charts-red)',
  '--eksnet-zone-unknown: var(--vscode-disabledForeground)',
].join(';');

function page(cspSource: string, n: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eksnet: Address Map</title>
<style>
:root{${THEME}}
body{margin:0;padding:8px;background:var(--vscode-editor-background);color:var(--vscode-editor-foreground);font-family:var(--vscode-font-family)}
#map svg{max-width:100%;min-width:640px;height:auto}
#map .subnet{cursor:pointer}
#map .subnet:focus-visible .area{stroke:var(--vscode-focusBorder);stroke-width:3}
</style>
</head>
<body>
<p id="status" role="status">Loading the address map…</p>
<div id="map"></div>
<script nonce="${n}">
(function () {
  const vscode = acquireVsCodeApi();
  const map = document.getElementById('map');
  const status = document.getElementById('status');
  function open(g) {
    vscode.postMessage({ type: 'open', file: g.getAttribute('data-file'), line: Number(g.getAttribute('data-line')) });
  }
  function subnetOf(t) {
    return t && t.closest ? t.closest('.subnet') : null;
  }
  map.addEventListener('click', function (e) {
    const g = subnetOf(e.target);
    if (g) open(g);
  });
  map.addEventListener('keydown', function (e) {
    const g = subnetOf(e.target);
    if (g && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      open(g);
    }
  });
  window.addEventListener('message', function (e) {
    const m = e.data;
    if (!m || m.type !== 'svg') return;
    map.innerHTML = m.svg;
    status.textContent = m.svg ? '' : 'The language server has no map yet.';
    if (m.vpc) {
      const target = Array.from(map.querySelectorAll('.vpc')).find(function (v) { return v.getAttribute('data-name') === m.vpc; });
      if (target) {
        target.scrollIntoView();
        const first = target.querySelector('.subnet');
        if (first) first.focus();
      }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}
