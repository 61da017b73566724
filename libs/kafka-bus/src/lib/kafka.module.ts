import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@keel/service-runtime';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka, kafkaProbe } from './kafka-client';

export const KAFKA = 'keel:kafka';
export const KAFKA_ADMIN = 'keel:kafka:admin';
export const InjectKafka = () => Inject(KAFKA);

class KafkaAdminLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly admin: Admin) {}
  async onModuleInit() {
    // Connecting is retried by kafkajs; readiness reports the broker until it answers.
    await this.admin.connect();
  }
  async onApplicationShutdown() {
    await this.admin.disconnect();
  }
}

@Module({})
export class KafkaModule {
  static forRoot(options: { clientId: string; brokers: string[] }): DynamicModule {
    const logger = new Logger('kafkajs');
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              ...options,
              log: (level, message, extra) => {
                const line = `${message} ${JSON.stringify(extra)}`;
                if (level === 'error') logger.error(line);
                else if (level === 'warn') logger.warn(line);
                else logger.debug(line);
              },
            }),
        },
        {
          provide: KAFKA_ADMIN,
          inject: [KAFKA, ReadinessRegistry],
          useFactory: (kafka: Kafka, readiness: ReadinessRegistry) => {
            const admin = kafka.admin();
            readiness.register('kafka', kafkaProbe(admin));
            return admin;
          },
        },
        {
          provide: 'keel:kafka:lifecycle',
          inject: [KAFKA_ADMIN],
          useFactory: (a: Admin) => new KafkaAdminLifecycle(a),
        },
      ],
      exports: [KAFKA, KAFKA_ADMIN],
    };
  }
}
