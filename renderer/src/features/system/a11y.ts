/*
 * Mantine labels its icon-only buttons in English ("Toggle password visibility") or not at all
 * (a modal's close cross); screen readers in a Chinese office should hear Chinese.
 */
export const PASSWORD_TOGGLE_PROPS = { 'aria-label': '显示或隐藏密码' } as const;
export const CLOSE_PROPS = { 'aria-label': '关闭' } as const;
