// Behaviour knobs of the local auth server. The defaults are those of `supabase start`
// (supabase/config.toml defaults): e-mail sign-up on, confirmations off, one-hour access tokens,
// refresh-token rotation with a 10 s reuse interval.

export interface AuthSettings {
  /** Lifetime of access tokens in seconds (GoTrue `JWT_EXP`). */
  jwtExpirySeconds: number;
  /** Minimum password length (GoTrue `PASSWORD_MIN_LENGTH`). */
  passwordMinLength: number;
  /**
   * Seconds after its rotation during which a revoked refresh token still yields the session's
   * current token instead of being treated as stolen (GoTrue `REFRESH_TOKEN_REUSE_INTERVAL`).
   */
  refreshTokenReuseIntervalSeconds: number;
  /** New e-mail sign-ups are confirmed at once (GoTrue `MAILER_AUTOCONFIRM`). */
  mailerAutoconfirm: boolean;
  disableSignup: boolean;
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  /**
   * Password sign-ins and sign-ups per client address per `rateLimitWindowSeconds` (GoTrue's
   * `RATE_LIMIT_TOKEN_REFRESH`/sign-in limits play this part on Supabase); 0 = no limit.
   */
  rateLimitSignInPerAddress: number;
  /** Failed password sign-ins per account (e-mail) per window before it is refused for a while. */
  rateLimitFailedSignInPerAccount: number;
  /** Password-reset e-mails per address per window, known account or not (GoTrue's e-mail send limit). */
  rateLimitRecoveryPerAccount: number;
  rateLimitWindowSeconds: number;
}

export const defaultAuthSettings: AuthSettings = {
  jwtExpirySeconds: 3600,
  passwordMinLength: 8,
  refreshTokenReuseIntervalSeconds: 10,
  mailerAutoconfirm: true,
  disableSignup: false,
  maxBodyBytes: 64 * 1024,
  rateLimitSignInPerAddress: 100,
  rateLimitFailedSignInPerAccount: 10,
  rateLimitRecoveryPerAccount: 3,
  rateLimitWindowSeconds: 300,
};

function positiveInteger(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Defaults, overridden by QF_AUTH_* environment variables, overridden by explicit settings. */
export function resolveAuthSettings(overrides: Partial<AuthSettings> = {}, env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const fromEnv: Partial<AuthSettings> = {};
  const exp = positiveInteger(env.QF_AUTH_JWT_EXPIRY);
  if (exp) fromEnv.jwtExpirySeconds = exp;
  const minLength = positiveInteger(env.QF_AUTH_PASSWORD_MIN_LENGTH);
  if (minLength !== undefined) fromEnv.passwordMinLength = minLength;
  const reuse = positiveInteger(env.QF_AUTH_REFRESH_TOKEN_REUSE_INTERVAL);
  if (reuse !== undefined) fromEnv.refreshTokenReuseIntervalSeconds = reuse;
  const perAddress = positiveInteger(env.QF_AUTH_RATE_LIMIT_SIGN_IN_PER_ADDRESS);
  if (perAddress !== undefined) fromEnv.rateLimitSignInPerAddress = perAddress;
  const perAccount = positiveInteger(env.QF_AUTH_RATE_LIMIT_FAILED_SIGN_IN_PER_ACCOUNT);
  if (perAccount !== undefined) fromEnv.rateLimitFailedSignInPerAccount = perAccount;
  const recovery = positiveInteger(env.QF_AUTH_RATE_LIMIT_RECOVERY_PER_ACCOUNT);
  if (recovery !== undefined) fromEnv.rateLimitRecoveryPerAccount = recovery;
  const window = positiveInteger(env.QF_AUTH_RATE_LIMIT_WINDOW_SECONDS);
  if (window) fromEnv.rateLimitWindowSeconds = window;
  if (env.QF_AUTH_DISABLE_SIGNUP) fromEnv.disableSignup = env.QF_AUTH_DISABLE_SIGNUP === 'true';
  return { ...defaultAuthSettings, ...fromEnv, ...overrides };
}
