import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import 'mantine-datatable/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { ModalsProvider } from '@mantine/modals';
import { DatesProvider } from '@mantine/dates';
import { QueryClientProvider } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { z } from 'zod';
import 'dayjs/locale/zh-cn';
import { theme } from './theme.ts';
import { queryClient } from './api/queries.ts';
import { App } from './app/App.tsx';
import { ProgressCenter } from './components/ProgressCenter.tsx';

dayjs.locale('zh-cn');
// The shared schemas validate forms too: their built-in messages must be Chinese here as in the backend.
z.config(z.locales.zhCN());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <DatesProvider settings={{ locale: 'zh-cn', firstDayOfWeek: 1 }}>
          <ModalsProvider labels={{ confirm: '确定', cancel: '取消' }}>
            <Notifications position="bottom-right" limit={5} />
            <ProgressCenter />
            <App />
          </ModalsProvider>
        </DatesProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
