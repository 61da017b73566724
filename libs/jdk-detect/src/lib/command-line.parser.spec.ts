import { parseCommandLine, parseSize } from './command-line.parser';

describe('parseCommandLine', () => {
  it('reads a NUL-separated /proc/<pid>/cmdline', () => {
    const cmd = parseCommandLine(
      [
        '/usr/lib/jvm/java-8-openjdk/bin/java',
        '-Xmx2g',
        '-Xms512m',
        '-XX:MaxPermSize=256m',
        '-XX:+UseConcMarkSweepGC',
        '-Dspring.profiles.active=prod',
        '-jar',
        '/opt/app.jar',
        '--port',
        '8080',
        '',
      ].join('\0'),
    );
    expect(cmd.executable).toBe('/usr/lib/jvm/java-8-openjdk/bin/java');
    expect(cmd.javaHome).toBe('/usr/lib/jvm/java-8-openjdk');
    expect(cmd.maxHeapBytes).toBe(2 * 1024 ** 3);
    expect(cmd.initialHeapBytes).toBe(512 * 1024 ** 2);
    expect(cmd.xx).toEqual({ MaxPermSize: '256m', UseConcMarkSweepGC: true });
    expect(cmd.systemProperties).toEqual({ 'spring.profiles.active': 'prod' });
    expect(cmd.jar).toBe('/opt/app.jar');
    expect(cmd.appArgs).toEqual(['--port', '8080']);
    expect(cmd.unknown).toEqual([]);
  });

  it('reads a ps line with leading columns, quotes, a classpath and a main class', () => {
    const cmd = parseCommandLine(
      `tomcat   4242  1.2  3.4 /opt/jdk/bin/java -server -cp "/opt/a b/lib/*" -XX:-UseBiasedLocking --add-modules java.xml.bind -Djava.security.manager org.example.Main run`,
    );
    expect(cmd.executable).toBe('/opt/jdk/bin/java');
    expect(cmd.jvmOptions).toEqual([
      '-server',
      '-cp',
      '/opt/a b/lib/*',
      '-XX:-UseBiasedLocking',
      '--add-modules',
      'java.xml.bind',
      '-Djava.security.manager',
    ]);
    expect(cmd.xx).toEqual({ UseBiasedLocking: false });
    expect(cmd.addModules).toEqual(['java.xml.bind']);
    expect(cmd.systemProperties).toEqual({ 'java.security.manager': '' });
    expect(cmd.mainClass).toBe('org.example.Main');
    expect(cmd.appArgs).toEqual(['run']);
  });

  it('lists what it could not find instead of throwing', () => {
    expect(parseCommandLine('python3 app.py').unknown).toEqual(['executable']);
    const bare = parseCommandLine('java -version');
    expect(bare.javaHome).toBeNull();
    expect(bare.unknown).toEqual(['javaHome', 'mainClass']);
  });

  it('parses sizes', () => {
    expect(parseSize('1024')).toBe(1024);
    expect(parseSize('64k')).toBe(65536);
    expect(parseSize('1T')).toBe(1024 ** 4);
    expect(parseSize('lots')).toBeNull();
  });
});
