import type { ReactNode } from 'react';
import Breadcrumb from 'antd/es/breadcrumb';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';

/** Every console page opens the same way: where you are, then what this page is. */
export function PageHeader({
  title,
  breadcrumb,
  extra,
}: {
  title: ReactNode;
  breadcrumb?: { title: ReactNode }[];
  extra?: ReactNode;
}) {
  return (
    <div style={{ marginBottom: 16 }}>
      {breadcrumb ? <Breadcrumb items={breadcrumb} style={{ marginBottom: 8 }} /> : null}
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Space>
    </div>
  );
}
