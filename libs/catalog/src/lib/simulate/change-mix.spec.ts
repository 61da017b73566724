import { changesDue, defaultChangeMix, nextPrice, nextStock, pickChange } from './change-mix';

describe('the demo writer change mix', () => {
  it('maps draws onto the weights, in order', () => {
    expect(pickChange(0)).toBe('option-price');
    expect(pickChange(0.299)).toBe('option-price');
    expect(pickChange(0.3)).toBe('option-stock');
    expect(pickChange(0.6)).toBe('rename');
    expect(pickChange(0.8)).toBe('status-toggle');
    expect(pickChange(0.99)).toBe('hard-delete');
    expect(pickChange(0.999999)).toBe('hard-delete');
  });

  it('draws hard deletes only occasionally', () => {
    const kinds = Array.from({ length: 1000 }, (_, i) => pickChange(i / 1000));
    expect(kinds.filter((k) => k === 'hard-delete')).toHaveLength(20);
    expect(new Set(kinds)).toEqual(new Set(defaultChangeMix.map(([k]) => k)));
  });

  it('owes changes at a steady rate', () => {
    expect(changesDue(0, 50, 0)).toBe(0);
    expect(changesDue(1000, 50, 0)).toBe(50);
    expect(changesDue(1500, 50, 60)).toBe(15);
    expect(changesDue(100, 50, 10)).toBe(0);
  });

  it('always picks a different price and stock', () => {
    expect(nextPrice(10, 0.5)).toBe(10.01);
    expect(nextPrice(10, 0)).toBe(8);
    expect(nextPrice(1, 0)).toBe(1.01);
    expect(nextStock(500, 0.5)).toBe(501);
    expect(nextStock(3, 0.1)).toBe(100);
    expect(nextStock(999, 0.999)).toBe(0);
  });
});
