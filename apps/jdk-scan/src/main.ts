// placeholder entry point, replaced by the scan agent
process.stdout.write('jdk-scan: not built yet\n');
