import { PageHeader } from '../../components/PageHeader.tsx';

/** Wiring only: the feature replaces this page. */
export function AnnualReportPage() {
  return <PageHeader title="年度工作报告" />;
}
