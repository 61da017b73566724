import { parseOsRelease } from './host-info';

describe('parseOsRelease', () => {
  it('reads NAME and VERSION_ID, quoted or not', () => {
    const debian =
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
    expect(parseOsRelease(debian)).toEqual({ name: 'Debian GNU/Linux', version: '12' });
    expect(parseOsRelease("NAME='Alpine Linux'\nID=alpine\nVERSION_ID=3.22.1\n")).toEqual({
      name: 'Alpine Linux',
      version: '3.22.1',
    });
    expect(parseOsRelease('')).toEqual({ name: null, version: null });
  });
});
