/**
 * The HTTP ingest bench's clients, in their own process (spawned by inventory.bench.ts), so the
 * figure is the server's and not the cost of generating reports on the server's event loop:
 * `--url <POST /reports URL> --hosts N --clients C --scanned-at <ISO time>`.
 *
 * Builds every report body and its host's agent key first (as N agents would have them), then sends
 * them from C concurrent keep-alive clients and prints one `RESULT {json}` line: accepted (2xx)
 * answers, the status counts and the seconds from the first request to the last answer.
 */
import { loadAgentKeyIssuer } from '@keel/service-runtime';
import { printResult } from '@keel/test-harness';
import { Agent, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { generateFleet } from './fleet-generator';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    hosts: { type: 'string', default: '20000' },
    clients: { type: 'string', default: '256' },
    'scanned-at': { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (!values.url || !values['scanned-at']) throw new Error('--url and --scanned-at are required');
  const url = values.url;
  const agents = loadAgentKeyIssuer('jdk-inventory-bench');
  // the same hosts as the Kafka phase (seed 7), later: new reportIds, newer state replacing the stored one
  const requests = [
    ...generateFleet({
      hosts: Number(values.hosts),
      teams: 200,
      seed: 7,
      scannedAt: new Date(values['scanned-at']),
    }),
  ].map((report) => ({
    body: JSON.stringify(report),
    // as the agent of that host: without its key the app answers 401 and nothing is ingested
    authorization: `Bearer ${agents.issue(report.host.hostname)}`,
  }));
  const statuses = new Map<string, number>();
  let accepted = 0;
  let next = 0;
  // node:http with keep-alive sockets, one per client: fetch (undici behind web streams) cost the
  // load generator about 0.7 ms of CPU per request on the cores the server shares with it
  const agent = new Agent({ keepAlive: true, maxSockets: Number(values.clients) });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(values.clients) }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const response = await post(url, agent, request);
        // only 2xx answers count: a refused report is no ingest
        if (response.status >= 200 && response.status < 300) accepted++;
        const key = `${response.status} ${response.body.status ?? ''}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  printResult({ sent: requests.length, accepted, seconds, statuses: Object.fromEntries(statuses) });
}

/** One POST with the report body; resolves with the status and the parsed JSON answer. */
function post(
  url: string,
  agent: Agent,
  request: { body: string; authorization: string },
): Promise<{ status: number; body: { status?: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          authorization: request.authorization,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: { status?: string } = {};
          try {
            body = JSON.parse(text) as { status?: string };
          } catch {
            // a non-JSON answer still has its status code counted
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
