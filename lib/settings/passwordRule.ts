/**
 * The one password rule, for every place a password is set (first admin, new user, reset, own
 * change, ADMIN_PASSWORD) and shown by the forms before they send: long enough, not only spaces, not
 * one character repeated, and not one of the passwords every guessing list tries first. Pure: no I/O.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Beyond this scrypt's cost is a denial of service, not a password rule. */
export const MAX_PASSWORD_LENGTH = 1024;

/** What the forms say under a new password field. */
export const PASSWORD_RULE_TEXT = `At least ${MIN_PASSWORD_LENGTH} characters, not only spaces, and not a common password.`;

/**
 * Passwords of at least 10 characters that lead the breached-password lists (shorter ones already
 * fail on length), compared without case, spaces and trailing punctuation.
 */
const COMMON = new Set([
  '1234567890',
  '0987654321',
  '1234567891',
  '1234512345',
  '1029384756',
  '123456789a',
  '123123123123',
  '123456123456',
  '12345678910',
  '123456789123',
  '147258369147',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'q1w2e3r4t5y6',
  'zaq12wsxcde3',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty123456',
  'qwerty12345',
  'qwerty1234',
  'qwertyuiop123',
  'asdfghjkl1',
  'asdfghjkl123',
  'zxcvbnm123',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'abcdef123456',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'password123456',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'mypassword',
  'mypassword1',
  'newpassword',
  'passwordpassword',
  'administrator',
  'administrator1',
  'admin12345',
  'admin123456',
  'adminadmin',
  'adminpassword',
  'changeme123',
  'changemenow',
  'letmein123',
  'letmeinnow',
  'welcome123',
  'welcome1234',
  'welcometo',
  'iloveyou12',
  'iloveyou123',
  'iloveyou1234',
  'princess123',
  'football123',
  'baseball123',
  'basketball',
  'basketball1',
  'sunshine123',
  'superman123',
  'starwars123',
  'pokemon123',
  'liverpool1',
  'chelsea123',
  'arsenal123',
  'manchester',
  'manchesterunited',
  'trustno123',
  'monkey12345',
  'dragon12345',
  'master12345',
  'computer123',
  'internet123',
  'whatever123',
  'secret1234',
  'secret12345',
  'michael123',
  'jennifer123',
  'charlie123',
  'qazwsxedcrfv',
  'qazwsxedc123',
  '!qaz2wsx3edc',
  'callboard123',
  'callboard1',
  'callcenter',
  'callcenter1',
  'callcenter123',
  'wallboard123',
]);

/** Why a new password is not acceptable (a sentence for the person typing it), or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'A password of only spaces is not a password';
  if (new Set(password).size === 1) return 'Use more than one character over and over';
  const plain = password
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[!.?]+$/, '');
  if (COMMON.has(plain)) return 'This is one of the most common passwords: pick another';
  return null;
}
