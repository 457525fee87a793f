// Prints the demo credentials, the deletable demo customers and a first curl (shared by `npm start`);
// the text is the sandbox command's own banner (src/sandbox/cli.ts).
import { bannerLines } from '../../src/sandbox/cli.js';
import type { DemoCredential } from '../../src/sandbox/index.js';

/** Prints each demo key (published demo secrets of local fixtures, not real ones) and a curl to try. */
export function printCredentials(url: string, credentials: readonly DemoCredential[]): void {
  for (const line of bannerLines(url, credentials)) console.log(line);
}
