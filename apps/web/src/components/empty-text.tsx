import Typography from 'antd/es/typography';

/** A table's "nothing here" line: antd's default grey is below 4.5:1 contrast, this is not. */
export function EmptyText({ children }: { children: string }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}
