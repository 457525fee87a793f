// Prints the demo credentials and a first curl, shared by `npm run sandbox` and `npm start`.
import type { DemoCredential } from '../../src/sandbox/index.js';

/** Prints each demo key (these are published demo secrets of local fixtures, not real ones) and a curl to try. */
export function printCredentials(url: string, credentials: readonly DemoCredential[]): void {
  console.log('Demo credentials (local fixtures only):');
  for (const c of credentials) {
    console.log(
      `  ${c.accountName}: apiKey ${c.apiKey}  apiSecret ${c.apiSecret}  ${c.canDelete ? 'can delete' : 'read-only (deletes get 403)'}`,
    );
  }
  const first = credentials[0];
  if (!first) return;
  console.log('Try:');
  console.log(
    `  curl -s ${url}/auth/token -H 'Content-Type: application/json' -d '{"apiKey":"${first.apiKey}","apiSecret":"${first.apiSecret}"}'`,
  );
  console.log(
    `  curl -i -X DELETE ${url}/customers/business/cus_abc123xyz789 -H 'X-API-Key: ${first.apiKey}'`,
  );
  console.log('  (run the second curl twice: 200, then 404)');
}
