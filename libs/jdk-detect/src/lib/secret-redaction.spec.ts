import { redactJvmOption } from './secret-redaction';

describe('redactJvmOption', () => {
  it.each([
    // real-world shapes: JDBC URLs with user info, Spring/Kafka properties, agent licence keys
    [
      '-Ddb.url=jdbc:postgresql://app:s3cret@db.internal:5432/shop',
      '-Ddb.url=jdbc:postgresql://***@db.internal:5432/shop',
    ],
    [
      '-Dspring.datasource.url=mysql://root:hunter2@10.0.0.5/app?ssl=true',
      '-Dspring.datasource.url=mysql://***@10.0.0.5/app?ssl=true',
    ],
    ['-Dkey=abc123', '-Dkey=***'],
    ['-Djavax.net.ssl.keyStorePassword=changeit', '-Djavax.net.ssl.keyStorePassword=***'],
    ['-Dapi.key=AKIAXXXX', '-Dapi.key=***'],
    [
      '-javaagent:/opt/newrelic/newrelic.jar=license_key=0123456789abcdef',
      '-javaagent:/opt/newrelic/newrelic.jar=***',
    ],
    ['-javaagent:/opt/dd-java-agent.jar=token=xyz,env=prod', '-javaagent:/opt/dd-java-agent.jar=***'],
    [
      '-agentpath:/opt/yourkit/libyjpagent.so=port=10001,secret=xyz',
      '-agentpath:/opt/yourkit/libyjpagent.so=***',
    ],
    ['-Dkafka.sasl.jaas.config=user=app,password=pw123', '-Dkafka.sasl.jaas.config=user=app,password=***'],
    ['-Dservice.config=endpoint=https://x,token=t0k', '-Dservice.config=endpoint=https://x,token=***'],
  ])('%s', (option, expected) => {
    expect(redactJvmOption(option)).toBe(expected);
  });

  it('leaves options without secrets as they are (what the migration rules read)', () => {
    for (const option of [
      '-Xmx1g',
      '-XX:+UseConcMarkSweepGC',
      '-XX:MaxPermSize=256m',
      '-Dfile.encoding=UTF-8',
      '-Djava.security.manager=allow',
      '-javaagent:/opt/jacoco.jar',
      '-agentlib:jdwp=transport=dt_socket,server=y,address=5005',
      '-Dlog.url=https://logs.example.com/ingest',
      '--add-opens=java.base/java.lang=ALL-UNNAMED',
    ]) {
      expect(redactJvmOption(option)).toBe(option);
    }
  });
});
