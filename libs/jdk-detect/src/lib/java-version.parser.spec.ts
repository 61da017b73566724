import { parseJavaVersionOutput } from './java-version.parser';

describe('parseJavaVersionOutput on Markdown-wrapped pastes', () => {
  it('reads a banner whose every line is an inline-code span', () => {
    // verbatim from https://github.com/appunite/docker/issues/45 (corpus amazonlinux/amzn1-7u121-icedtea-2.6.8-ec2-backticks)
    const e = parseJavaVersionOutput(
      [
        '`$ java -version`',
        '`java version "1.7.0_121"`',
        '`OpenJDK Runtime Environment (amzn-2.6.8.1.69.amzn1-x86_64 u121-b00)`',
        '`OpenJDK 64-Bit Server VM (build 24.121-b00, mixed mode)`',
      ].join('\n'),
    );
    expect(e).toMatchObject({
      versionString: '1.7.0_121',
      runtimeName: 'OpenJDK Runtime Environment',
      runtimeVersion: 'amzn-2.6.8.1.69.amzn1-x86_64 u121-b00',
      vmName: 'OpenJDK 64-Bit Server VM',
    });
  });

  it('reads inline-code lines with spaces inside the backticks (a wiki page)', () => {
    // corpus oracle/sun-6u2-b05-server-vm-64-hpc-wiki-backticks
    const e = parseJavaVersionOutput(
      [
        '`   java version "1.6.0_02"`',
        '`   Java(TM) SE Runtime Environment (build 1.6.0_02-b05)`',
        '`   Java HotSpot(TM) 64-Bit Server VM (build 1.6.0_02-b05, mixed mode)`',
      ].join('\n'),
    );
    expect(e).toMatchObject({
      versionString: '1.6.0_02',
      runtimeName: 'Java(TM) SE Runtime Environment',
      vmName: 'Java HotSpot(TM) 64-Bit Server VM',
    });
  });

  it('reads a banner wrapped in Markdown bold', () => {
    // corpus semeru/semeru-21.0.3-windows11-bold-markdown (https://github.com/IBM/zopeneditor-about/issues/419)
    const e = parseJavaVersionOutput(
      [
        '**openjdk 21.0.3 2024-04-16 LTS',
        'IBM Semeru Runtime Open Edition 21.0.3.0 (build 21.0.3+9-LTS)',
        'Eclipse OpenJ9 VM 21.0.3.0 (build openj9-0.44.0, JRE 21 Windows 11 amd64-64-Bit Compressed References 20240416_179 (JIT enabled, AOT enabled)',
        'OMR      - 254af5a04',
        'JCL      - ac8f341bc20 based on jdk-21.0.3+9)**',
      ].join('\n'),
    );
    expect(e).toMatchObject({
      launcher: 'openjdk',
      versionString: '21.0.3',
      runtimeName: 'IBM Semeru Runtime Open Edition',
      runtimeVersion: '21.0.3+9-LTS',
      vmName: 'Eclipse OpenJ9 VM',
    });
    expect(e.vmDetails).toContain('based on jdk-21.0.3+9)');
    expect(e.vmDetails).not.toContain('**');
  });

  it('leaves backticks and asterisks inside a line alone', () => {
    const e = parseJavaVersionOutput(
      'openjdk version "17.0.1" 2021-10-19\nOpenJDK Runtime Environment (build 17.0.1+12-39)',
    );
    expect(e.versionString).toBe('17.0.1');
    expect(
      parseJavaVersionOutput('run `java -version` and paste **all** of it').versionString,
    ).toBeUndefined();
  });
});
