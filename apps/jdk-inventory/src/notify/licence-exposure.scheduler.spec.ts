import { licenceExposureGrew } from './licence-exposure.scheduler';

describe('licence exposure growth', () => {
  it('is news only when the count rises, once per rise', () => {
    expect(licenceExposureGrew(10, 10)).toBeNull();
    expect(licenceExposureGrew(10, 7)).toBeNull();
    expect(licenceExposureGrew(7, 12, 'http://127.0.0.1:3000/console/')).toMatchObject({
      kind: 'fleet.licence-exposure-grew',
      dedupKey: 'fleet.licence-exposure-grew:7->12',
      fields: { now: 12, before: 7, growth: 5 },
      link: 'http://127.0.0.1:3000/console/#/plan',
    });
  });
});
