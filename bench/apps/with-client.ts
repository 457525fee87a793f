// Bundle-size app: calls one operation through this package's client (section 3 of npm run bench).
import { createCustomersClient } from '../../src/client/index.js';

const client = createCustomersClient({
  baseUrl: 'https://sandbox-api.polygon.technology/v0.9',
  auth: { token: 'demo-token' },
});
const result = await client.deleteCustomer({ customerId: 'cst_01H9Xa8F5dN6mP3q' });
console.log(result.ok ? result.data.status : result.error.code);
