// Bundle-size app: the same call with fetch alone (the floor: no library at all).
const res = await fetch('https://sandbox-api.polygon.technology/v0.9/customers/cst_01H9Xa8F5dN6mP3q', {
  method: 'DELETE',
  headers: { Authorization: 'Bearer demo-token' },
});
const body = (await res.json()) as { status?: string; code?: string };
console.log(res.ok ? body.status : body.code);
