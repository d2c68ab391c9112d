/** Account security policy (等保 practice): five wrong passwords lock an account for 15 minutes. */
export const LOCKOUT_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
export const IDLE_TIMEOUT_MINUTES_SETTING = 30;
