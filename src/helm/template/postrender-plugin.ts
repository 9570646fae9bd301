// Helm 4 post-renderers are plugins: `--post-renderer NAME` names a plugin of type
// `postrenderer/v1` installed in Helm's plugin directories (HELM_PLUGINS). A `subprocess` plugin
// runs its platform command (with ${HELM_PLUGIN_DIR} and other variables expanded, its own args,
// then --post-renderer-args), gets the rendered documents on stdin and prints their replacement
// on stdout; its stderr is kept from the user, as Helm keeps it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import type { PostRenderer } from './post-render.js';
import type { SlogValue } from './slog.js';

const TYPE = 'postrenderer/v1';

interface PlatformCommand {
  os?: string;
  arch?: string;
  command?: string;
  args?: string[];
}

interface PluginMetadata {
  apiVersion?: string;
  name?: string;
  type?: string;
  runtime?: string;
  runtimeConfig?: { platformCommand?: PlatformCommand[] };
}

export interface PostRendererPlugin {
  dir: string;
  name: string;
  runtime: string;
  commands: PlatformCommand[];
}

/** helmpath's plugin directories: HELM_PLUGINS (a path list), else <data home>/helm/plugins. */
export function pluginDirs(env: NodeJS.ProcessEnv): string[] {
  if (env.HELM_PLUGINS) return env.HELM_PLUGINS.split(delimiter).filter((d) => d !== '');
  const data = env.HELM_DATA_HOME || join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'helm');
  return [join(data, 'plugins')];
}

function readMetadata(file: string): PluginMetadata | undefined {
  try {
    const doc: unknown = parse(readFileSync(file, 'utf8'));
    return doc !== null && typeof doc === 'object' ? (doc as PluginMetadata) : undefined;
  } catch {
    return undefined;
  }
}

/** The installed postrenderer/v1 plugin called `name`; Helm's flag error when there is none. */
export function findPostRendererPlugin(name: string, env: NodeJS.ProcessEnv): PostRendererPlugin {
  for (const base of pluginDirs(env)) {
    let entries: string[];
    try {
      entries = readdirSync(base).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const dir = join(base, entry);
      const file = join(dir, 'plugin.yaml');
      if (!existsSync(file)) continue;
      const meta = readMetadata(file);
      // Legacy (apiVersion-less) plugins are CLI plugins, never post-renderers.
      if (meta?.apiVersion !== 'v1' || meta.name !== name || meta.type !== TYPE) continue;
      return { dir, name, runtime: meta.runtime ?? '', commands: meta.runtimeConfig?.platformCommand ?? [] };
    }
  }
  throw new Error(`plugin: {Name:${name} Type:${TYPE}} not found`);
}

/** Go's runtime.GOOS / GOARCH names for this platform. */
function goos(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}
function goarch(): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch] ?? process.arch;
}

/** getPlatformCommand: exact os+arch, else os with no arch, else the first with neither. */
function platformCommand(cmds: PlatformCommand[]): { parts: string[]; args: string[] } | undefined {
  const eq = (a: string | undefined, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();
  let found: PlatformCommand | undefined;
  let foundOs = false;
  for (const c of cmds) {
    if (eq(c.os, goos()) && eq(c.arch, goarch())) return { parts: (c.command ?? '').split(' '), args: c.args ?? [] };
    if ((c.os && !eq(c.os, goos())) || c.arch) continue;
    if (!foundOs && c.os && eq(c.os, goos())) {
      found = c;
      foundOs = true;
    } else if (!found) found = c;
  }
  return found ? { parts: (found.command ?? '').split(' '), args: found.args ?? [] } : undefined;
}

/** Go's os.Expand: $NAME, ${NAME} and the one-character shell names; unknown names are empty. */
export function goExpand(s: string, lookup: (name: string) => string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const rest = s.slice(i + 1);
    let m: RegExpExecArray | null;
    if (rest.startsWith('{')) {
      const end = rest.indexOf('}');
      if (end <= 1) {
        // "${}" is dropped; an unclosed "${" eats the rest, as Go does.
        i += end < 0 ? rest.length : end + 1;
        continue;
      }
      out += lookup(rest.slice(1, end));
      i += end + 1;
    } else if ((m = /^[*#$@!?\-0-9]/.exec(rest))) {
      out += lookup(m[0]);
      i += 1;
    } else if ((m = /^[A-Za-z0-9_]+/.exec(rest))) {
      out += lookup(m[0]);
      i += m[0].length;
    } else {
      out += '$';
    }
  }
  return out;
}

/** Go's exec error text for a command that could not be started. */
function startError(command: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return command.includes('/') ? `fork/exec ${command}: no such file or directory` : `exec: ${JSON.stringify(command)}: executable file not found in $PATH`;
  if (e.code === 'EACCES') return command.includes('/') ? `fork/exec ${command}: permission denied` : `exec: ${JSON.stringify(command)}: permission denied`;
  return e.message;
}

/** exec.LookPath: a name without a slash is found in $PATH (exec.Cmd.String shows that path). */
function lookPath(command: string, path: string | undefined): string {
  if (command.includes('/')) return command;
  for (const dir of (path ?? '').split(delimiter)) {
    const full = join(dir === '' ? '.' : dir, command);
    try {
      accessSync(full, constants.X_OK);
      if (statSync(full).isFile()) return full;
    } catch {
      // not here
    }
  }
  return command;
}

/** A post-renderer running the plugin's command once per render; `debug` gets helm's slog debug line. */
export function pluginPostRenderer(plugin: PostRendererPlugin, extraArgs: readonly string[], env: NodeJS.ProcessEnv, debug?: (msg: string, ...attrs: [string, SlogValue][]) => void): PostRenderer {
  return (manifests) => {
    const invokeError = (why: string): Error => new Error(`failed to invoke post-renderer plugin ${JSON.stringify(plugin.name)}: ${why}`);
    if (plugin.runtime !== 'subprocess') throw invokeError(`the ${JSON.stringify(plugin.runtime)} plugin runtime is not supported by flux-ts (only "subprocess")`);
    const childEnv: NodeJS.ProcessEnv = { ...env, HELM_PLUGIN_NAME: plugin.name, HELM_PLUGIN_DIR: plugin.dir };
    const cmd = platformCommand(plugin.commands);
    if (cmd === undefined || cmd.parts.length === 0 || cmd.parts[0] === '') throw invokeError('failed to prepare plugin command: no plugin command is applicable');
    const expand = (s: string): string => goExpand(s, (k) => childEnv[k] ?? '');
    const command = expand(cmd.parts[0]!);
    const args = [...cmd.parts.slice(1).map(expand), ...cmd.args.map(expand), ...extraArgs];
    debug?.('executing plugin command', ['pluginName', plugin.name], ['command', [lookPath(command, childEnv.PATH), ...args].join(' ')]);
    const r = spawnSync(command, args, { input: manifests, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
    // A command that exits without reading its input (EPIPE) still ran; its exit status decides.
    if (r.error && !((r.error as NodeJS.ErrnoException).code === 'EPIPE' && r.status !== null)) throw invokeError(startError(command, r.error as NodeJS.ErrnoException));
    if (r.status !== 0) throw invokeError(`plugin ${JSON.stringify(plugin.name)} exited with error`);
    if (r.stdout.length === 0) throw new Error(`post-renderer ${JSON.stringify(plugin.name)} produced empty output`);
    return r.stdout;
  };
}
