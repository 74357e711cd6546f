import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const bin = join(root, 'bin/oauth-conformance.js');

// The temp folders a test file made are removed when it ends well (a run of npm test left ~1 GB
// behind before); a file that failed keeps them to look into, and OAUTH_CONFORMANCE_KEEP_TEMP=1 keeps all.
const made: string[] = [];
process.on('exit', (code) => {
  if (code !== 0 || process.env.OAUTH_CONFORMANCE_KEEP_TEMP === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed when the test file ends well. */
export function tempDir(prefix = 'oc-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes JSON files into a fresh temp folder; returns the folder. */
export function tempFiles(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return dir;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What the command does, for progress lines and for the message if it hangs. */
  what?: string;
  /** Seconds of silence after which a line says it is still running (default 60). */
  progressEvery?: number;
  /** A guard against a hang, not a speed limit: generous, and when hit it says what was running. */
  hangAfterSeconds?: number;
}

/**
 * Runs a command without blocking this process. It prints a progress line to stderr when the
 * command has been quiet for a while, so a slow machine shows work instead of silence.
 */
export function runAsync(cmd: string, args: string[], o: RunOptions = {}): Promise<Ran> {
  const what = o.what ?? `${cmd} ${args.join(' ')}`;
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const progress = setInterval(() => process.stderr.write(`# still running after ${Math.round((Date.now() - started) / 1000)} s: ${what}\n`), (o.progressEvery ?? 60) * 1000);
    const hangAfter = o.hangAfterSeconds ?? 1800;
    const hang = setTimeout(() => {
      stderr += `\ntimed out after ${hangAfter} s while running: ${what}\n`;
      child.kill('SIGKILL');
    }, hangAfter * 1000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => (stderr += `\n${what}: ${e.message}\n`));
    child.on('close', (status) => {
      clearInterval(progress);
      clearTimeout(hang);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The CLI from the built package (`npm test` builds it first). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, o: RunOptions = {}): Promise<Ran> {
  // npm test already runs two test files side by side on two cores: a check the tests start takes one
  // Playwright worker, instead of booting a second worker process for the same few checks. A test
  // may ask for more (the defect matrix does).
  return runAsync(process.execPath, [bin, ...args], { what: `oauth-conformance ${args.join(' ')}`, ...o, env: { OAUTH_CONFORMANCE_WORKERS: '1', ...env } });
}

/** Resolves with the first stdout line matching `re`; rejects if the process ends first. */
export function waitForLine(child: ChildProcess, re: RegExp, what: string, seconds = 120): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    let errText = '';
    const timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s waiting for ${what}; output so far:\n${text}${errText}`)), seconds * 1000);
    child.stderr?.on('data', (d) => (errText += d));
    child.stdout?.on('data', (d) => {
      text += d;
      const m = text.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: the process ended (exit ${code}) first; output:\n${text}${errText}`));
    });
  });
}
