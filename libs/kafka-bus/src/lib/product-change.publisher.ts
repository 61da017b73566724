import type { Kafka, Producer } from 'kafkajs';
import { createProducer } from './kafka-client';
import { productChangeMessage, productChangedTopic } from './product-change-event';

/**
 * For services that write the catalogue: after the DB commit, announce the changed product ids
 * (a change of a child row announces its parent product). Consumers re-read the rows, so the event
 * carries nothing else.
 */
export class ProductChangePublisher {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string = productChangedTopic,
  ) {}

  async connect(): Promise<void> {
    if (this.producer) return;
    const producer = createProducer(this.kafka);
    await producer.connect();
    this.producer = producer;
  }

  /** Publishes one event per id (key = id, so one product's events keep their order in a partition). */
  async publish(productIds: readonly number[], at: Date = new Date()): Promise<void> {
    if (productIds.length === 0) return;
    if (!this.producer) throw new Error('ProductChangePublisher: connect() before publish()');
    await this.producer.send({
      topic: this.topic,
      messages: productIds.map((id) => productChangeMessage(id, at)),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
