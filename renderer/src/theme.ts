import { createTheme } from '@mantine/core';

/** Government-office look: restrained red accents, readable CJK type, compact tables. */
export const theme = createTheme({
  primaryColor: 'red',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily:
    '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif',
  headings: { fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif' },
  // Mantine's built-in accessible labels default to English; every word on screen is Chinese.
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': '显示或隐藏密码' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': '关闭' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': '关闭' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': '关闭通知' } } },
  },
});
