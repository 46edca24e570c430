import { main } from '../../runners/cli.js';
import { capture } from './capture.js';

/** Runs the CLI in-process with logging off; returns the exit code and what it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(['--log-level', 'silent', ...argv], out, err);
  return { code, out: out.text(), err: err.text() };
}
