import { Controller, Module, Post, type INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { bootstrapService } from '../bootstrap';
import { ServiceRuntimeModule } from '../service-runtime.module';
import { ensureDevKeyring, loadKeyring } from './keyring';
import { currentCaller } from './principal';
import { refuse } from './rpc-errors';
import { ServiceRpcClient } from './rpc-transport';

// A real Nest app on loopback, served through bootstrapService as every Keel app is: the RPC side
// and the admin HTTP side refuse callers without the right identity before any handler runs.

@Controller()
class DemoController {
  static ran = 0;

  @MessagePattern({ cmd: 'demo.whoami' })
  whoami() {
    DemoController.ran++;
    return currentCaller() ?? null;
  }

  @MessagePattern({ cmd: 'demo.unlisted' })
  unlisted() {
    DemoController.ran++;
    return 'ran';
  }

  @MessagePattern({ cmd: 'demo.fail' })
  fail(@Payload() request: unknown) {
    if ((request as { kind?: string })?.kind === 'zod')
      z.object({ first: z.number().max(5) }).parse({ first: 9 });
    if ((request as { kind?: string })?.kind === 'refuse') throw refuse('NOT_FOUND', 'no such thing', 'id');
    throw new Error(
      'connect ECONNREFUSED 10.1.2.3:5432 at Socket.onConnect (/app/node_modules/pg/lib/x.js:1:1)',
    );
  }

  @Post('admin/things')
  admin() {
    DemoController.ran++;
    return { caller: currentCaller()?.service ?? null };
  }
}

@Module({
  imports: [ServiceRuntimeModule.forRoot({ service: 'demo', logLevel: 'silent' })],
  controllers: [DemoController],
})
class DemoModule {}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('service identity on RPC and admin HTTP (real TCP on loopback)', () => {
  let app: INestApplication;
  let dir: string;
  let httpPort: number;
  let rpcPort: number;
  const clients: ServiceRpcClient[] = [];
  const previous = process.env['KEEL_IDENTITY_FILE'];

  const client = (as: string, audience = 'demo') => {
    const c = new ServiceRpcClient({ host: '127.0.0.1', port: rpcPort, keyring: loadKeyring(as), audience });
    clients.push(c);
    return c;
  };
  const call = (c: ServiceRpcClient, cmd: string, data: unknown = {}) =>
    firstValueFrom(c.send({ cmd }, data)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'identity-'));
    const file = path.join(dir, 'keyring.json');
    ensureDevKeyring(file);
    process.env['KEEL_IDENTITY_FILE'] = file;
    [httpPort, rpcPort] = [await freePort(), await freePort()];
    app = await bootstrapService(DemoModule, {
      service: 'demo',
      host: '127.0.0.1',
      port: httpPort,
      rpc: { host: '127.0.0.1', port: rpcPort },
      authorisation: {
        rpc: { 'demo.whoami': ['gateway'], 'demo.fail': ['gateway'] },
        http: { 'POST /admin/things': ['operator'] },
      },
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await app?.close();
    if (previous === undefined) delete process.env['KEEL_IDENTITY_FILE'];
    else process.env['KEEL_IDENTITY_FILE'] = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a listed pattern as the caller, with the person it acts for', async () => {
    const gateway = client('gateway');
    const answer = await firstValueFrom(
      gateway.sendAs({ cmd: 'demo.whoami' }, {}, { id: 'token:ops', role: 'admin' }),
    );
    expect(answer).toMatchObject({ service: 'gateway', actor: { id: 'token:ops', role: 'admin' } });
  });

  it('refuses no identity, a wrong audience, a caller not listed and an unlisted pattern, running nothing', async () => {
    const before = DemoController.ran;
    const anonymous = await new Promise<unknown>((resolve) => {
      // a plain Nest client, as anyone on the pod network could use
      const { ClientTCP } =
        jest.requireActual<typeof import('@nestjs/microservices')>('@nestjs/microservices');
      const plain = new ClientTCP({ host: '127.0.0.1', port: rpcPort });
      firstValueFrom(plain.send({ cmd: 'demo.whoami' }, {})).then(resolve, (error: unknown) => {
        plain.close();
        resolve(error);
      });
    });
    expect(anonymous).toEqual({ code: 'UNAUTHENTICATED', message: 'service identity required: missing' });
    expect(await call(client('gateway', 'jmh-runner'), 'demo.whoami')).toEqual({
      error: {
        code: 'UNAUTHENTICATED',
        message: 'service identity required: issued for jmh-runner, not demo',
      },
    });
    expect(await call(client('jdk-scan'), 'demo.whoami')).toEqual({
      error: { code: 'FORBIDDEN', message: 'jdk-scan may not call demo.whoami' },
    });
    const unlisted = await call(client('gateway'), 'demo.unlisted');
    expect(unlisted).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((unlisted as { error: { message: string } }).error.message).toMatch(
      /not in demo's authorisation table/,
    );
    expect(DemoController.ran).toBe(before);
  });

  it('answers every failure as one RpcError; an internal one shows no address and no stack', async () => {
    const gateway = client('gateway');
    expect(await call(gateway, 'demo.fail', { kind: 'zod' })).toEqual({
      error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^"first": /), field: 'first' },
    });
    expect(await call(gateway, 'demo.fail', { kind: 'refuse' })).toEqual({
      error: { code: 'NOT_FOUND', message: 'no such thing', field: 'id' },
    });
    const internal = (await call(gateway, 'demo.fail', { kind: 'crash' })) as {
      error: { code: string; message: string };
    };
    expect(internal.error.code).toBe('INTERNAL');
    expect(internal.error.message).toMatch(/^internal error \(incident [0-9a-f-]{36}\)$/);
    expect(JSON.stringify(internal)).not.toMatch(/10\.1\.2\.3|node_modules|at Socket/);
  });

  it('guards admin HTTP routes the same way; /health stays open', async () => {
    const url = `http://127.0.0.1:${httpPort}/admin/things`;
    const none = await fetch(url, { method: 'POST' });
    expect(none.status).toBe(401);
    const gatewayToken = loadKeyring('gateway').tokenFor('demo');
    expect(
      (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${gatewayToken}` } })).status,
    ).toBe(403);
    const operator = loadKeyring('operator').tokenFor('demo');
    const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${operator}` } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ caller: 'operator' });
    expect((await fetch(`http://127.0.0.1:${httpPort}/health/live`)).status).toBe(200);
  });
});
