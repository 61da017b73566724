import { errorMessage } from './error-message';

describe('errorMessage', () => {
  it("is an Error's message, and anything else thrown as a string", () => {
    expect(errorMessage(new TypeError('boom'))).toBe('boom');
    expect(errorMessage('down')).toBe('down');
    expect(errorMessage(42)).toBe('42');
  });
});
