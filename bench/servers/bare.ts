// The ceiling of the mock-server benchmark: a bare node:http server that answers every request with
// the spec's fixed deleteCustomer 200 body and the headers the API always sends. Run as a forked
// child by bench/lib/proc.ts; reports its URL over IPC.
import { createServer } from 'node:http';
import { deleteCustomerExample } from '../lib/request.js';

const body = Buffer.from(deleteCustomerExample());
const headers = {
  'Content-Type': 'application/json',
  'Content-Length': String(body.length),
  'X-Request-Id': 'req_01H9Xc4L8pN3qR5s',
  RateLimit: '"default";r=99;t=60',
  'RateLimit-Policy': '"default";q=100;w=60',
};

const server = createServer((req, res) => {
  // Drain any request body so keep-alive connections stay usable.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;

function stop(): void {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('disconnect', stop);

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});
