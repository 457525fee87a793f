// Bundle-size app: the same call written with bare openapi-fetch and the generated types (the baseline).
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

const client = createClient<paths>({ baseUrl: 'https://sandbox-api.polygon.technology/v0.9' });
const { data, error } = await client.DELETE('/customers/{customerId}', {
  params: { path: { customerId: 'cst_01H9Xa8F5dN6mP3q' } },
  headers: { Authorization: 'Bearer demo-token' },
});
console.log(data ? data.status : error?.code);
