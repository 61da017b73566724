import 'reflect-metadata';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { dataSourceToken } from '@keel/datasource';
import { ConflictException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { RECOVERY_ALIASES, RecoveryRpcController } from './recovery-rpc.controller';
import type { RecoveryRun } from './recovery-run';
import { RecoveryStarter } from './recovery-starter.service';
import { RecoveryController } from './recovery.controller';
import { RecoveryService } from './recovery.service';

// One in-flight rule per process: the HTTP controller and the RPC handler share the one starter,
// so a start over one transport is refused while a start over the other runs.
describe('recovery start: one in flight per process, whichever transport', () => {
  async function controllers(unfinished?: Partial<RecoveryRun>) {
    let finish: () => void = () => undefined;
    const run = jest.fn(
      () => new Promise<RecoveryRun>((resolve) => (finish = () => resolve({} as RecoveryRun))),
    );
    const recovery = {
      alias: 'products',
      runs: { unfinished: jest.fn(async () => unfinished) },
      run,
    };
    const module = await Test.createTestingModule({
      controllers: [RecoveryController, RecoveryRpcController],
      providers: [
        RecoveryStarter,
        { provide: RecoveryService, useValue: recovery },
        { provide: ELASTICSEARCH_CLIENT, useValue: {} },
        { provide: dataSourceToken('shop'), useValue: {} },
        { provide: RECOVERY_ALIASES, useValue: { readAlias: 'products', writeAlias: 'products-write' } },
      ],
    }).compile();
    return {
      http: module.get(RecoveryController),
      rpc: module.get(RecoveryRpcController),
      run,
      finish: async () => {
        finish();
        // let the background run's finally() clear the claim
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
  }

  it('refuses an RPC start while an HTTP start runs, and the other way round', async () => {
    const { http, rpc, run, finish } = await controllers();
    await expect(http.start({})).resolves.toEqual({ accepted: true });
    await expect(rpc.start({})).rejects.toBeInstanceOf(RpcException);
    await expect(rpc.start({})).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
    expect(run).toHaveBeenCalledTimes(1);

    await finish();
    await expect(rpc.start({})).resolves.toMatchObject({ accepted: true, alias: 'products' });
    await expect(http.start({})).rejects.toBeInstanceOf(ConflictException);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('lets only one of an HTTP and an RPC start arriving together go ahead', async () => {
    const { http, rpc, run } = await controllers();
    const outcomes = await Promise.allSettled([http.start({}), rpc.start({})]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('frees the claim when a start is refused because the last run failed', async () => {
    const { http, rpc, run } = await controllers({ id: 7, status: 'failed' });
    await expect(http.start({})).rejects.toBeInstanceOf(ConflictException);
    await expect(rpc.start({})).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
    await expect(rpc.start({ retry: true })).resolves.toMatchObject({ accepted: true, resumingRunId: 7 });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
