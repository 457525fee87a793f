// Profiling target for a missed client-overhead target: calls deleteCustomer in a loop against an
// in-memory fetch for a few seconds. Run: node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx
// bench/profile/client-loop.ts [ours|openapi-fetch] [seconds], then bench/profile/summarize.ts.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { createCustomersClient } from '../../src/client/index.js';
import { CUSTOMER_ID, deleteCustomerExample } from '../lib/request.js';

const [which = 'ours', seconds = '3'] = process.argv.slice(2);
const body = deleteCustomerExample();
const headers = { 'Content-Type': 'application/json', 'X-Request-Id': 'req_01H9Xc4L8pN3qR5s' };
const fetchImpl = async () => new Response(body, { status: 200, headers });
const ours = createCustomersClient({ baseUrl: 'http://127.0.0.1:9', auth: { token: 't' }, fetch: fetchImpl });
const bare = createClient<paths>({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });

const call =
  which === 'ours'
    ? () => ours.deleteCustomer({ customerId: CUSTOMER_ID })
    : () =>
        bare.DELETE('/customers/{customerId}', {
          params: { path: { customerId: CUSTOMER_ID } },
          headers: { Authorization: 'Bearer t' },
        });
const deadline = performance.now() + Number(seconds) * 1000;
let calls = 0;
while (performance.now() < deadline) {
  await Promise.all(Array.from({ length: 10 }, () => call()));
  calls += 10;
}
console.log(`${which}: ${Math.round(calls / Number(seconds))} calls/s`);
