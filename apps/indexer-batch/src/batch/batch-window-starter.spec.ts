import 'reflect-metadata';
import { BadRequestException, ConflictException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { BatchRpcController } from './batch-rpc.controller';
import { BatchWindowStarter } from './batch-window-starter.service';
import { BatchWindowService } from './batch-window.service';
import { BatchController } from './batch.controller';

// One in-flight rule per process: the operators' HTTP route and the gateway's RPC share the starter.
describe('batch window start: one in flight per process, whichever transport', () => {
  async function controllers() {
    let finish: () => void = () => undefined;
    const catchUp = jest.fn(() => new Promise<[]>((resolve) => (finish = () => resolve([]))));
    const windows = { settings: { writeAlias: 'products-write' }, catchUp, runWindow: jest.fn() };
    const module = await Test.createTestingModule({
      controllers: [BatchController, BatchRpcController],
      providers: [BatchWindowStarter, { provide: BatchWindowService, useValue: windows }],
    }).compile();
    return {
      http: module.get(BatchController),
      rpc: module.get(BatchRpcController),
      catchUp,
      finish: async () => {
        finish();
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
  }

  it('refuses an RPC start while an HTTP start runs, and the other way round', async () => {
    const { http, rpc, catchUp, finish } = await controllers();
    expect(http.run({})).toEqual({ accepted: true, window: 'next' });
    expect(() => rpc.runWindow({})).toThrow(RpcException);
    expect(catchUp).toHaveBeenCalledTimes(1);

    await finish();
    expect(rpc.runWindow({})).toEqual({ accepted: true, writeAlias: 'products-write', window: null });
    expect(() => http.run({})).toThrow(ConflictException);
    expect(catchUp).toHaveBeenCalledTimes(2);
  });

  it('refuses a window that is not one over either transport, without claiming', async () => {
    const { http, rpc, catchUp } = await controllers();
    expect(() => http.run({ from: '2026-01-02T00:00:00Z' })).toThrow(BadRequestException);
    expect(() => rpc.runWindow({ from: 'yesterday', to: 'today' })).toThrow(RpcException);
    expect(http.run({})).toEqual({ accepted: true, window: 'next' });
    expect(catchUp).toHaveBeenCalledTimes(1);
  });
});
