import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ReadinessRegistry } from '@keel/service-runtime';
import { createElasticsearchClient, elasticsearchProbe } from './elasticsearch-client';

export const ELASTICSEARCH_CLIENT = 'keel:elasticsearch';
export const InjectElasticsearch = () => Inject(ELASTICSEARCH_CLIENT);

class ElasticsearchLifecycle implements OnApplicationShutdown {
  constructor(private readonly client: Client) {}
  async onApplicationShutdown() {
    await this.client.close();
  }
}

@Module({})
export class ElasticsearchModule {
  static forRoot(options: { url: string }): DynamicModule {
    return {
      module: ElasticsearchModule,
      global: true,
      providers: [
        {
          provide: ELASTICSEARCH_CLIENT,
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry) => {
            const client = createElasticsearchClient(options.url);
            readiness.register('elasticsearch', elasticsearchProbe(client));
            return client;
          },
        },
        {
          provide: 'keel:elasticsearch:lifecycle',
          inject: [ELASTICSEARCH_CLIENT],
          useFactory: (c: Client) => new ElasticsearchLifecycle(c),
        },
      ],
      exports: [ELASTICSEARCH_CLIENT],
    };
  }
}
