import { PageHeader } from '../../components/PageHeader.tsx';

/** Wiring only: the feature replaces this page. */
export function OfficesPage() {
  return <PageHeader title="下级单位数据" />;
}
