export const MIN_PASSWORD_LENGTH = 8;

/** Returns the reasons a password is too weak (Chinese), empty when it is acceptable. */
export function passwordProblems(password: string, username = ''): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`密码至少 ${MIN_PASSWORD_LENGTH} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码应至少包含大写字母、小写字母、数字、符号中的三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
