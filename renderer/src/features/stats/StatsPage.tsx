import { PageHeader } from '../../components/PageHeader.tsx';

/** Wiring only: the feature replaces this page. */
export function StatsPage() {
  return <PageHeader title="统计分析" />;
}
