import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwordRule';

describe('the password rule', () => {
  it.each([
    ['short', 'Use at least 10 characters'],
    [' '.repeat(10), 'A password of only spaces is not a password'],
    ['\t \n       ', 'A password of only spaces is not a password'],
    ['aaaaaaaaaaaa', 'Use more than one character over and over'],
    ['1234567890', 'This is one of the most common passwords: pick another'],
    ['Password123!', 'This is one of the most common passwords: pick another'],
    ['QWERTY UIOP', 'This is one of the most common passwords: pick another'],
    ['x'.repeat(1025), 'Use at most 1024 characters'],
  ])('refuses %j', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['correct horse battery', '  spaced but real pass ', 'sim-Pa55word-e2e'])('accepts %j', (p) => {
    expect(passwordProblem(p)).toBeNull();
  });
});
